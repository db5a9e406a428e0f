import { executeQueryOne } from '@/lib/db/adapter'

export async function canEdit(userId: number, ticketId: number): Promise<boolean> {
  const ticket = await executeQueryOne<{ assignee_id: number | null; requester_id: number }>('SELECT assignee_id, requester_id FROM tickets WHERE id = ?', [ticketId])
  return !!ticket && (ticket.assignee_id === userId || ticket.requester_id === userId)
}
