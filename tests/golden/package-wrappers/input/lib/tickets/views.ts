import pRetry from 'p-retry'
import { getDb } from '@/lib/db/connection'

// The nightly import may hold the write lock for a moment: retry rather than lose the view.
export function recordView(ticketId: number, userId: number): void {
  pRetry(() => getDb().prepare('INSERT INTO ticket_views (ticket_id, user_id) VALUES (?, ?)').run(ticketId, userId), { retries: 2 })
}
