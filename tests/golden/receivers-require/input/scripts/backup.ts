const conn = require('@/lib/db/connection').default;

export function purge(days: number) {
  conn.prepare("DELETE FROM audit_log WHERE created_at < ?").run(days);
  conn.backup('backup.db');
}
