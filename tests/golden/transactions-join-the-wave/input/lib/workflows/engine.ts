import db from '@/lib/db/connection'
import { assignTicket } from '@/lib/tickets/assign'

export function runAssignmentStep(ticketId: number, userId: number): void {
  db.transaction(() => {
    assignTicket(ticketId, userId)
    db.prepare('INSERT INTO workflow_log (ticket_id, step) VALUES (?, ?)').run(ticketId, 'assign')
  })()
}
