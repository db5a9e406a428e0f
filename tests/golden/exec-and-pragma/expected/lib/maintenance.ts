import db from '@/lib/db/connection';
import { executeRun } from '@/lib/db/adapter';

export async function cleanup(): Promise<void> {
  await executeRun('DELETE FROM sessions WHERE expired = 1');
  await executeRun(`DELETE FROM logs WHERE created_at < '2020-01-01'`);
}

export function tune(): void {
  db.pragma('journal_mode = WAL');
}
