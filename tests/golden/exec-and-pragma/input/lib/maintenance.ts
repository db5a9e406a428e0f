import db from '@/lib/db/connection';

export function cleanup(): void {
  db.exec(`
    DELETE FROM sessions WHERE expired = 1;
    DELETE FROM logs WHERE created_at < '2020-01-01';
  `);
}

export function tune(): void {
  db.pragma('journal_mode = WAL');
}
