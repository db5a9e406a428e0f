import { getDatabase } from '@/lib/db/connection';

export interface SlaReportRow {
  priority: string;
  total: number;
  breached: number;
}

const SLA_HOURS: Record<string, number> = { critical: 4, high: 8, medium: 24, low: 72 };

export function getSlaReport(organizationId: number): SlaReportRow[] {
  const database = getDatabase();
  const rows = database
    .prepare(
      `SELECT priority, (julianday(COALESCE(resolved_at, datetime('now'))) - julianday(created_at)) * 24 AS hours
       FROM tickets WHERE organization_id = ?`
    )
    .all(organizationId) as Array<{ priority: string; hours: number }>;

  const report = new Map<string, SlaReportRow>();
  for (const row of rows) {
    const entry = report.get(row.priority) ?? { priority: row.priority, total: 0, breached: 0 };
    entry.total += 1;
    if (row.hours > (SLA_HOURS[row.priority] ?? 24)) entry.breached += 1;
    report.set(row.priority, entry);
  }
  return [...report.values()];
}

export function getMonthlyReport(organizationId: number, month: string) {
  const database = getDatabase();
  return {
    month,
    created: (
      database
        .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND strftime('%Y-%m', created_at) = ?")
        .get(organizationId, month) as { count: number }
    ).count,
    resolved: (
      database
        .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND strftime('%Y-%m', resolved_at) = ?")
        .get(organizationId, month) as { count: number }
    ).count,
    topAssignees: topAssignees(database, organizationId, month),
  };
}

/** The agents who resolved the most tickets of the organization in `month` (YYYY-MM). */
function topAssignees(database: ReturnType<typeof getDatabase>, organizationId: number, month: string, limit = 3) {
  return database
    .prepare(
      `SELECT u.name, COUNT(*) AS resolved FROM tickets t JOIN users u ON u.id = t.assigned_to
       WHERE t.organization_id = ? AND strftime('%Y-%m', t.resolved_at) = ?
       GROUP BY u.name ORDER BY resolved DESC, u.name LIMIT ?`
    )
    .all(organizationId, month, limit) as Array<{ name: string; resolved: number }>;
}
