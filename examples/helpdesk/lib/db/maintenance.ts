import { getConnection } from './connection';

/** Nightly housekeeping: expired data, orphans, and statistics. */
export function runMaintenance(): { auditRows: number; events: number } {
  const conn = getConnection();
  const auditBefore = (conn.prepare('SELECT COUNT(*) AS count FROM audit_logs').get() as { count: number }).count;
  const eventsBefore = (conn.prepare('SELECT COUNT(*) AS count FROM analytics_events').get() as { count: number }).count;

  conn.exec(`
    DELETE FROM audit_logs WHERE created_at < datetime('now', '-365 days');
    DELETE FROM analytics_events WHERE created_at < datetime('now', '-180 days');
    DELETE FROM notifications WHERE is_read = 1 AND created_at < datetime('now', '-90 days');
    DELETE FROM cmdb_relationships WHERE parent_id NOT IN (SELECT id FROM cmdb_items) OR child_id NOT IN (SELECT id FROM cmdb_items);
    ANALYZE;
  `);

  return {
    auditRows: auditBefore - (conn.prepare('SELECT COUNT(*) AS count FROM audit_logs').get() as { count: number }).count,
    events: eventsBefore - (conn.prepare('SELECT COUNT(*) AS count FROM analytics_events').get() as { count: number }).count,
  };
}

export function vacuum(): void {
  getConnection().exec('VACUUM');
}
