import type Database from 'better-sqlite3';
import { getDb } from '@/lib/db/connection';
import { executeQueryOne, executeRun } from '@/lib/db/adapter';

const DEFAULT_AGENTS = ['builder', 'tester', 'reviewer'];

/** Safe to call from routes; migrations call seedDefaultAgents with their own handle. */
export async function bootstrapAgents(workspaceId: string): Promise<number> {
  return seedDefaultAgents(getDb(), workspaceId);
}

export async function seedDefaultAgents(db: Database.Database, workspaceId: string): Promise<number> {
  const existing = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM agents WHERE workspace_id = ?', [workspaceId]) as { n: number };
  if (existing.n > 0) return 0;
  for (const name of DEFAULT_AGENTS) {
    await executeRun('INSERT INTO agents (workspace_id, name) VALUES (?, ?)', [workspaceId, name]);
  }
  return DEFAULT_AGENTS.length;
}
