import db from '@/lib/db/connection'
import { safeQuery } from '@/lib/db/safe-query'
import { trackDatabaseQuery } from '@/lib/db'
import { withSpan } from '@vendor/tracing'
import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')
  const ticket = await safeQuery(async () => await executeQueryOne('SELECT * FROM tickets WHERE id = ?', [id]), 'ticket by id')
  const comments = await trackDatabaseQuery('comments', async () => await executeQuery('SELECT * FROM comments WHERE ticket_id = ?', [id]))
  const history = withSpan('history', () => db.prepare('SELECT * FROM ticket_history WHERE ticket_id = ?').all(id))
  return Response.json({ ticket, comments, history })
}

export function HEAD() {
  return withSpan('open tickets', async () => {
    const open = await executeQuery('SELECT id FROM tickets WHERE status = ?', ['open'])
    return new Response(null, { headers: { 'x-open-tickets': String(open.length) } })
  })
}
