import db from '../db/connection';

export interface AnalyticsOverview {
  ticketsByMonth: Array<{ month: string; count: number }>;
  avgResolutionHours: number | null;
  resolutionByPriority: Array<{ priority: string; avg_hours: number; resolved: number }>;
  eventsByChannel: Array<{ channel: string; count: number }>;
  eventsLast7Days: number;
  dailyVolume: Array<{ day: string; count: number }>;
  topCategories: Array<{ name: string; count: number }>;
}

export function getResolutionStats(organizationId: number) {
  return db
    .prepare(
      `SELECT priority,
              ROUND(AVG((julianday(resolved_at) - julianday(created_at)) * 24), 2) AS avg_hours,
              COUNT(*) AS resolved
       FROM tickets
       WHERE organization_id = ? AND resolved_at IS NOT NULL
       GROUP BY priority
       ORDER BY avg_hours`
    )
    .all(organizationId) as AnalyticsOverview['resolutionByPriority'];
}

export function getAnalyticsOverview(organizationId: number): AnalyticsOverview {
  const avg = db
    .prepare(
      `SELECT AVG((julianday(resolved_at) - julianday(created_at)) * 24) AS hours
       FROM tickets WHERE organization_id = ? AND resolved_at IS NOT NULL`
    )
    .get(organizationId) as { hours: number | null };

  return {
    ticketsByMonth: db
      .prepare(
        `SELECT strftime('%Y-%m', created_at) AS month, COUNT(*) AS count
         FROM tickets WHERE organization_id = ?
         GROUP BY month ORDER BY month`
      )
      .all(organizationId) as AnalyticsOverview['ticketsByMonth'],
    avgResolutionHours: avg.hours === null ? null : Math.round(avg.hours * 100) / 100,
    resolutionByPriority: getResolutionStats(organizationId),
    eventsByChannel: db
      .prepare(
        `SELECT json_extract(payload, '$.channel') AS channel, COUNT(*) AS count
         FROM analytics_events
         WHERE organization_id = ? AND json_extract(payload, '$.channel') IS NOT NULL
         GROUP BY channel ORDER BY count DESC`
      )
      .all(organizationId) as AnalyticsOverview['eventsByChannel'],
    eventsLast7Days: (
      db
        .prepare("SELECT COUNT(*) AS count FROM analytics_events WHERE organization_id = ? AND created_at >= datetime('now', '-7 days')")
        .get(organizationId) as { count: number }
    ).count,
    dailyVolume: db
      .prepare(
        `SELECT DATE(created_at) AS day, COUNT(*) AS count
         FROM tickets WHERE organization_id = ? AND created_at >= date('now', '-30 days')
         GROUP BY DATE(created_at) ORDER BY day`
      )
      .all(organizationId) as AnalyticsOverview['dailyVolume'],
    topCategories: db
      .prepare(
        `SELECT c.name, COUNT(t.id) AS count FROM tickets t
         JOIN categories c ON c.id = t.category_id
         WHERE t.organization_id = ?
         GROUP BY c.name ORDER BY count DESC LIMIT 5`
      )
      .all(organizationId) as AnalyticsOverview['topCategories'],
  };
}
