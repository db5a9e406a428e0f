import { executeRun } from '@/lib/db/adapter';

const conn = require('@/lib/db/connection').default;

export async function purge(days: number) {
  await executeRun("DELETE FROM audit_log WHERE created_at < ?", [days]);
  conn.backup('backup.db');
}
