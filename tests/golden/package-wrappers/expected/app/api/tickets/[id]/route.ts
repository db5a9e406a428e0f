import pRetry, { AbortError } from 'p-retry'
import { executeQueryOne, executeRun } from '@/lib/db/adapter'

// The database may be locked for a moment by the nightly import (SQLITE_BUSY): retry before failing.
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const ticket = await pRetry(async () => await executeQueryOne('SELECT * FROM tickets WHERE id = ?', [params.id]), { retries: 3 })
  if (!ticket) {
    return Response.json({ error: 'not found' }, { status: 404 })
  }
  return Response.json(ticket)
}

export async function DELETE(request: Request, { params }: { params: { id: string } }) {
  await pRetry(
    async (attempt) => {
      const result = await executeRun('DELETE FROM tickets WHERE id = ?', [params.id])
      if (result.changes === 0) {
        throw new AbortError(`ticket ${params.id} not found (attempt ${attempt})`)
      }
    },
    { retries: 3, minTimeout: 50 }
  )
  return new Response(null, { status: 204 })
}
