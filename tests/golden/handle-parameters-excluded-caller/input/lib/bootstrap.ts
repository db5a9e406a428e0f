import type Database from 'better-sqlite3';
import { getDb } from '@/lib/db/connection';

const DEFAULT_AGENTS = ['builder', 'tester', 'reviewer'];

/** Safe to call from routes; migrations call seedDefaultAgents with their own handle. */
export function bootstrapAgents(workspaceId: string): number {
  return seedDefaultAgents(getDb(), workspaceId);
}

export function seedDefaultAgents(db: Database.Database, workspaceId: string): number {
  const existing = db
    .prepare('SELECT COUNT(*) AS n FROM agents WHERE workspace_id = ?')
    .get(workspaceId) as { n: number };
  if (existing.n > 0) return 0;
  for (const name of DEFAULT_AGENTS) {
    db.prepare('INSERT INTO agents (workspace_id, name) VALUES (?, ?)').run(workspaceId, name);
  }
  return DEFAULT_AGENTS.length;
}
