import type Database from 'better-sqlite3';
import { getDb } from '@/lib/db/connection';

export interface ImpactNode {
  id: number;
  name: string;
  type: string;
  depth: number;
}

/**
 * Walks the relationship graph upwards: which items are affected when
 * `itemId` goes down (everything that depends on it, directly or not).
 */
export function analyzeImpact(itemId: number, maxDepth = 5, database: Database.Database = getDb()): ImpactNode[] {
  const parentsOf = database.prepare(
    'SELECT i.id, i.name, i.type FROM cmdb_relationships r JOIN cmdb_items i ON i.id = r.parent_id WHERE r.child_id = ?'
  );
  const visited = new Set<number>([itemId]);
  const impacted: ImpactNode[] = [];
  let frontier = [itemId];

  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const id of frontier) {
      const parents = parentsOf.all(id) as Array<{ id: number; name: string; type: string }>;
      for (const parent of parents) {
        if (visited.has(parent.id)) continue;
        visited.add(parent.id);
        impacted.push({ ...parent, depth });
        next.push(parent.id);
      }
    }
    frontier = next;
  }
  return impacted;
}

export function openTicketsForItems(itemNames: string[]): number {
  if (itemNames.length === 0) return 0;
  const db = getDb();
  const conditions = itemNames.map(() => 'title LIKE ?').join(' OR ');
  const row = db
    .prepare(`SELECT COUNT(*) AS count FROM tickets WHERE status NOT IN ('resolved', 'closed') AND (${conditions})`)
    .get(...itemNames.map((n) => `%${n}%`)) as { count: number };
  return row.count;
}
