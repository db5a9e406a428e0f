import db from '@/lib/db/connection';
import { ticketQueries, userQueries } from '@/lib/db/queries';

export interface DashboardSummary {
  totalTickets: number;
  openTickets: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  unassigned: number;
  createdToday: number;
  createdThisWeek: number;
  activeAgents: number;
  activeUsers: number;
  publishedArticles: number;
  recentTickets: Array<{ id: number; title: string; status: string; created_at: string }>;
}

function countOpenTickets(organizationId: number): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS count FROM tickets
         WHERE organization_id = ? AND status NOT IN (SELECT name FROM statuses WHERE is_final = 1)`
      )
      .get(organizationId) as { count: number }
  ).count;
}

function countByPriority(organizationId: number): Record<string, number> {
  const rows = db
    .prepare('SELECT priority, COUNT(*) AS count FROM tickets WHERE organization_id = ? GROUP BY priority')
    .all(organizationId) as Array<{ priority: string; count: number }>;
  return Object.fromEntries(rows.map((r) => [r.priority, r.count]));
}

export function getDashboardSummary(organizationId: number): DashboardSummary {
  const byStatusRows = ticketQueries.countByStatus(organizationId);
  const byStatus = Object.fromEntries(byStatusRows.map((r) => [r.status, r.count]));

  return {
    totalTickets: byStatusRows.reduce((sum, r) => sum + r.count, 0),
    openTickets: countOpenTickets(organizationId),
    byStatus,
    byPriority: countByPriority(organizationId),
    unassigned: (
      db
        .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND assigned_to IS NULL AND status NOT IN ('resolved', 'closed')")
        .get(organizationId) as { count: number }
    ).count,
    createdToday: (
      db
        .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND DATE(created_at) = DATE('now')")
        .get(organizationId) as { count: number }
    ).count,
    createdThisWeek: (
      db
        .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND created_at >= date('now', '-7 days')")
        .get(organizationId) as { count: number }
    ).count,
    activeAgents: userQueries.listAgents(organizationId).length,
    activeUsers: userQueries.countActive(organizationId),
    publishedArticles: (
      db.prepare('SELECT COUNT(*) AS count FROM kb_articles WHERE organization_id = ? AND is_published = 1').get(organizationId) as {
        count: number;
      }
    ).count,
    recentTickets: db
      .prepare('SELECT id, title, status, created_at FROM tickets WHERE organization_id = ? ORDER BY created_at DESC LIMIT 5')
      .all(organizationId) as DashboardSummary['recentTickets'],
  };
}

export function getAgentWorkload(organizationId: number) {
  return db
    .prepare(
      `SELECT u.id, u.name, COUNT(t.id) AS open_count,
              GROUP_CONCAT(t.id) AS ticket_ids
       FROM users u
       LEFT JOIN tickets t ON t.assigned_to = u.id AND t.status NOT IN ('resolved', 'closed')
       WHERE u.organization_id = ? AND u.role IN ('agent', 'admin') AND u.is_active = 1
       GROUP BY u.id, u.name
       ORDER BY open_count DESC`
    )
    .all(organizationId) as Array<{ id: number; name: string; open_count: number; ticket_ids: string | null }>;
}
