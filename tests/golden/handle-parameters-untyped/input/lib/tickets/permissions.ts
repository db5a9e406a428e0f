import type Database from 'better-sqlite3'

export function canEdit(db: Pick<Database.Database, 'prepare'>, userId: number, ticketId: number): boolean {
  const ticket = db.prepare('SELECT assignee_id, requester_id FROM tickets WHERE id = ?').get(ticketId) as
    | { assignee_id: number | null; requester_id: number }
    | undefined
  return !!ticket && (ticket.assignee_id === userId || ticket.requester_id === userId)
}
