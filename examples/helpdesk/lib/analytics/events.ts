import db from '@/lib/db/connection';
import type { AnalyticsEvent } from '@/lib/types';

export function trackEvent(
  organizationId: number,
  userId: number | null,
  eventType: string,
  payload: Record<string, unknown> = {}
): number {
  const info = db
    .prepare('INSERT INTO analytics_events (organization_id, user_id, event_type, payload) VALUES (?, ?, ?, ?)')
    .run(organizationId, userId, eventType, JSON.stringify(payload));
  return Number(info.lastInsertRowid);
}

export function trackEvents(organizationId: number, events: Array<{ userId: number | null; type: string; payload?: object }>): void {
  const stmt = db.prepare('INSERT INTO analytics_events (organization_id, user_id, event_type, payload) VALUES (?, ?, ?, ?)');
  events.forEach((event) => stmt.run(organizationId, event.userId, event.type, JSON.stringify(event.payload ?? {})));
}

export function getEventsForTicket(ticketId: number): AnalyticsEvent[] {
  return db
    .prepare("SELECT * FROM analytics_events WHERE CAST(json_extract(payload, '$.ticket_id') AS INTEGER) = ? ORDER BY created_at")
    .all(ticketId) as AnalyticsEvent[];
}

export function countEventsByType(organizationId: number, since?: string): Array<{ event_type: string; count: number }> {
  const stmt = since
    ? db.prepare('SELECT event_type, COUNT(*) AS count FROM analytics_events WHERE organization_id = ? AND created_at >= ? GROUP BY event_type')
    : db.prepare('SELECT event_type, COUNT(*) AS count FROM analytics_events WHERE organization_id = ? GROUP BY event_type');
  return (since ? stmt.all(organizationId, since) : stmt.all(organizationId)) as Array<{ event_type: string; count: number }>;
}
