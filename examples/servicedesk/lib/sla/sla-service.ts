import db from '@/lib/db/connection'
import type { SlaPolicy, Ticket } from '@/lib/types'

const DEFAULT_RESOLUTION_MINUTES: Record<string, number> = {
  critical: 4 * 60,
  high: 8 * 60,
  medium: 24 * 60,
  low: 72 * 60,
}

export function getPolicy(organizationId: number, priority: string): SlaPolicy | undefined {
  return db
    .prepare('SELECT * FROM sla_policies WHERE organization_id = ? AND priority = ? AND is_active = 1')
    .get(organizationId, priority) as SlaPolicy | undefined
}

/** Due date for a new ticket, as an SQLite timestamp string (UTC). */
export function computeDueDate(organizationId: number, priority: string, from = new Date()): string {
  const policy = getPolicy(organizationId, priority)
  const minutes = policy ? policy.resolution_minutes : DEFAULT_RESOLUTION_MINUTES[priority] ?? DEFAULT_RESOLUTION_MINUTES.medium
  const due = new Date(from.getTime() + minutes * 60_000)
  return due.toISOString().replace('T', ' ').slice(0, 19)
}

export function markFirstResponse(ticketId: number) {
  db.prepare("UPDATE tickets SET first_response_at = datetime('now') WHERE id = ? AND first_response_at IS NULL").run(ticketId)
}

export interface Breach {
  id: number
  title: string
  priority: string
  assignee_id: number | null
  hours_overdue: number
}

export function getBreachedTickets(organizationId: number): Breach[] {
  return db
    .prepare(
      `SELECT id, title, priority, assignee_id,
              ROUND((julianday('now') - julianday(sla_due_at)) * 24, 1) AS hours_overdue
       FROM tickets
       WHERE organization_id = ?
         AND status NOT IN ('resolved', 'closed')
         AND sla_due_at IS NOT NULL
         AND sla_due_at < datetime('now')
       ORDER BY sla_due_at ASC`
    )
    .all(organizationId) as Breach[]
}

export function getComplianceByPriority(organizationId: number) {
  return db
    .prepare(
      `SELECT priority,
              COUNT(*) AS total,
              SUM(CASE WHEN resolved_at <= sla_due_at THEN 1 ELSE 0 END) AS met
       FROM tickets
       WHERE organization_id = ? AND resolved_at IS NOT NULL AND sla_due_at IS NOT NULL
       GROUP BY priority`
    )
    .all(organizationId) as { priority: string; total: number; met: number }[]
}

export function listPolicies(organizationId: number): SlaPolicy[] {
  return db.prepare('SELECT * FROM sla_policies WHERE organization_id = ? ORDER BY resolution_minutes').all(organizationId) as SlaPolicy[]
}

export function upsertPolicy(organizationId: number, priority: string, responseMinutes: number, resolutionMinutes: number) {
  db.prepare(
    `INSERT OR REPLACE INTO sla_policies (organization_id, name, priority, response_minutes, resolution_minutes, is_active)
     VALUES (?, ?, ?, ?, ?, 1)`
  ).run(organizationId, `${priority} priority`, priority, responseMinutes, resolutionMinutes)
}

/** Raises the priority of breached tickets one step; returns the tickets that changed. */
export function escalateBreaches(organizationId: number): Ticket[] {
  const next: Record<string, string> = { low: 'medium', medium: 'high', high: 'critical' }
  const breached = getBreachedTickets(organizationId).filter((t) => next[t.priority])
  const bump = db.prepare("UPDATE tickets SET priority = ?, updated_at = datetime('now') WHERE id = ?")
  breached.forEach((t) => {
    bump.run(next[t.priority], t.id)
  })
  return breached.map((t) => db.prepare('SELECT * FROM tickets WHERE id = ?').get(t.id) as Ticket)
}
