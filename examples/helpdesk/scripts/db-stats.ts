/**
 * Prints SQLite storage statistics.
 *   SQLITE_PATH=./data/helpdesk.db npx tsx scripts/db-stats.ts
 */
import { getDatabase } from '../lib/db/connection';

export function storageStats(): { pageCount: number; pageSize: number; bytes: number } {
  const database = getDatabase();
  const pageCount = database.pragma('page_count', { simple: true }) as number;
  const pageSize = database.pragma('page_size', { simple: true }) as number;
  return { pageCount, pageSize, bytes: pageCount * pageSize };
}

console.log(storageStats());
