const db = require('@/lib/db/connection').default;

export function countOpen(orgId: number): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE organization_id = ?').get(orgId) as { n: number };
  return row.n;
}
