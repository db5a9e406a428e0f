import { db, safeQuery, withTiming } from '@/lib/db'
import { ticketService } from '@/lib/tickets/ticket-service'
import { unreadCount } from '@/lib/notifications/notification-service'
import type { AuthUser } from '@/lib/types'

export interface TicketSummary {
  total: number
  open: number
  inProgress: number
  resolved: number
  breached: number
  unassigned: number
}

export function getTicketSummary(organizationId: number): TicketSummary {
  const stmt = db.prepare(`
    SELECT
      COUNT(*) AS total,
      SUM(CASE WHEN status IN ('new', 'open') THEN 1 ELSE 0 END) AS open,
      SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END) AS in_progress,
      SUM(CASE WHEN status IN ('resolved', 'closed') THEN 1 ELSE 0 END) AS resolved,
      SUM(CASE WHEN status NOT IN ('resolved', 'closed') AND sla_due_at < datetime('now') THEN 1 ELSE 0 END) AS breached,
      SUM(CASE WHEN assignee_id IS NULL AND status NOT IN ('resolved', 'closed') THEN 1 ELSE 0 END) AS unassigned
    FROM tickets
    WHERE organization_id = ?
  `)
  const row = stmt.get(organizationId) as {
    total: number
    open: number | null
    in_progress: number | null
    resolved: number | null
    breached: number | null
    unassigned: number | null
  }
  return {
    total: row.total,
    open: row.open ?? 0,
    inProgress: row.in_progress ?? 0,
    resolved: row.resolved ?? 0,
    breached: row.breached ?? 0,
    unassigned: row.unassigned ?? 0,
  }
}

export function getAgentWorkload(organizationId: number) {
  return withTiming('dashboard.agentWorkload', () =>
    db
      .prepare(
        `SELECT u.id, u.name, u.team, COUNT(t.id) AS open_tickets
         FROM users u
         LEFT JOIN tickets t ON t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed')
         WHERE u.organization_id = ? AND u.role IN ('agent', 'admin') AND u.is_active = 1
         GROUP BY u.id
         ORDER BY open_tickets DESC, u.id`
      )
      .all(organizationId)
  ) as { id: number; name: string; team: string | null; open_tickets: number }[]
}

export function getResolutionStats(organizationId: number) {
  return db
    .prepare(
      `SELECT COUNT(*) AS resolvedCount,
              AVG((julianday(resolved_at) - julianday(created_at)) * 24) AS avgResolutionHours
       FROM tickets
       WHERE organization_id = ? AND resolved_at IS NOT NULL`
    )
    .get(organizationId) as { resolvedCount: number; avgResolutionHours: number | null }
}

export function getRecentActivity(organizationId: number, limit = 10) {
  return (
    safeQuery(
      () =>
        db
          .prepare(
            `SELECT c.id, c.ticket_id, t.title, u.name AS author, c.created_at
             FROM ticket_comments c
             JOIN tickets t ON t.id = c.ticket_id
             JOIN users u ON u.id = c.author_id
             WHERE t.organization_id = ? AND c.is_internal = 0
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT ?`
          )
          .all(organizationId, limit) as { id: number; ticket_id: number; title: string; author: string; created_at: string }[],
      'dashboard recent activity',
      []
    ) ?? []
  )
}

export function getOldestOpenTicket(organizationId: number) {
  return safeQuery(
    () =>
      db
        .prepare(
          `SELECT id, title, created_at FROM tickets
           WHERE organization_id = ? AND status NOT IN ('resolved', 'closed')
           ORDER BY created_at ASC LIMIT 1`
        )
        .get(organizationId) as { id: number; title: string; created_at: string } | undefined,
    'dashboard oldest open ticket'
  )
}

export function countCreatedThisWeek(organizationId: number): number {
  const row = db
    .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND created_at >= date('now', '-7 days')")
    .get(organizationId) as any
  return row.count
}

export async function getTeamQueues(organizationId: number) {
  const teams = db
    .prepare('SELECT DISTINCT team FROM users WHERE organization_id = ? AND team IS NOT NULL ORDER BY team')
    .all(organizationId) as { team: string }[]

  return Promise.all(
    teams.map(async ({ team }) => ({
      team,
      open: (
        db
          .prepare(
            `SELECT COUNT(*) AS count FROM tickets t JOIN users u ON u.id = t.assignee_id
             WHERE t.organization_id = ? AND u.team = ? AND t.status NOT IN ('resolved', 'closed')`
          )
          .get(organizationId, team) as { count: number }
      ).count,
    }))
  )
}

/** Everything the dashboard page shows, for the signed-in user. */
export async function buildDashboard(user: AuthUser) {
  const myOverdue: { id: number; title: string }[] = []
  for (const ticket of ticketService.getOverdueForAgent(user.id)) {
    myOverdue.push({ id: ticket.id, title: ticket.title })
  }
  return {
    summary: getTicketSummary(user.organization_id),
    workload: getAgentWorkload(user.organization_id),
    resolution: getResolutionStats(user.organization_id),
    recent: getRecentActivity(user.organization_id),
    teams: await getTeamQueues(user.organization_id),
    myOverdue,
    oldestOpen: getOldestOpenTicket(user.organization_id) ?? null,
    createdThisWeek: countCreatedThisWeek(user.organization_id),
    unreadNotifications: unreadCount(user.id),
  }
}
