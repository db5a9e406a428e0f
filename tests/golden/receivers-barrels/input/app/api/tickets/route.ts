import { db, ticketTitle } from '@/lib/db'

export function GET() {
  const tickets = db.prepare('SELECT * FROM tickets ORDER BY id').all()
  return Response.json(tickets)
}

export function titleOf(raw: string): string {
  return ticketTitle(raw)
}
