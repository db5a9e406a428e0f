import pRetry from 'p-retry'
import { executeRun } from '@/lib/db/adapter'

// The nightly import may hold the write lock for a moment: retry rather than lose the view.
export async function recordView(ticketId: number, userId: number): Promise<void> {
  await pRetry(async () => await executeRun('INSERT INTO ticket_views (ticket_id, user_id) VALUES (?, ?)', [ticketId, userId]), { retries: 2 })
}
