import type Database from 'better-sqlite3';
import { seedDefaultAgents } from '@/lib/bootstrap';

export function runMigrations(db: Database.Database): void {
  const version = (db.pragma('user_version', { simple: true }) as number) ?? 0;
  if (version < 1) {
    db.exec(`CREATE TABLE IF NOT EXISTS agents (
      id INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL
    )`);
    seedDefaultAgents(db, 'default');
    db.pragma('user_version = 1');
  }
}
