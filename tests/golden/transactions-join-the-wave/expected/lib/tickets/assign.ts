import { executeRun } from '@/lib/db/adapter'

export async function assignTicket(ticketId: number, userId: number): Promise<void> {
  await executeRun('UPDATE tickets SET assignee_id = ? WHERE id = ?', [userId, ticketId])
}
