import { assignTicket } from '@/lib/tickets/assign'
import { executeTransaction } from '@/lib/db/adapter'

export async function runAssignmentStep(ticketId: number, userId: number): Promise<void> {
  await executeTransaction(async (tx) => {
    await assignTicket(ticketId, userId)
    await tx.executeRun('INSERT INTO workflow_log (ticket_id, step) VALUES (?, ?)', [ticketId, 'assign'])
  })
}
