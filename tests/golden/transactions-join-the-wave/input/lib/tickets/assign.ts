import db from '@/lib/db/connection'

export function assignTicket(ticketId: number, userId: number): void {
  db.prepare('UPDATE tickets SET assignee_id = ? WHERE id = ?').run(userId, ticketId)
}
