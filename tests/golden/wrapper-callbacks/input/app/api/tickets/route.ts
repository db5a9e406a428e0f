import db from '@/lib/db/connection'
import { safeQuery } from '@/lib/db/safe-query'
import { trackDatabaseQuery } from '@/lib/db'
import { withSpan } from '@vendor/tracing'

export function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')
  const ticket = safeQuery(() => db.prepare('SELECT * FROM tickets WHERE id = ?').get(id), 'ticket by id')
  const comments = trackDatabaseQuery('comments', () => db.prepare('SELECT * FROM comments WHERE ticket_id = ?').all(id))
  const history = withSpan('history', () => db.prepare('SELECT * FROM ticket_history WHERE ticket_id = ?').all(id))
  return Response.json({ ticket, comments, history })
}

export function HEAD() {
  return withSpan('open tickets', async () => {
    const open = db.prepare('SELECT id FROM tickets WHERE status = ?').all('open')
    return new Response(null, { headers: { 'x-open-tickets': String(open.length) } })
  })
}
