import { getDb } from '@/lib/db/connection'

/**
 * Assigns tickets of the organization to an agent (or back to the queue with `null`), in the order
 * given; returns the ids that changed (tickets of another organization, or unknown ids, do not).
 */
export function assignTickets(organizationId: number, ticketIds: number[], assigneeId: number | null): number[] {
  const db = getDb()
  const changes = ticketIds.map(
    (id) =>
      db
        .prepare("UPDATE tickets SET assignee_id = ?, updated_at = datetime('now') WHERE id = ? AND organization_id = ?")
        .run(assigneeId, id, organizationId).changes
  )
  return ticketIds.filter((_, i) => changes[i] > 0)
}
