import db from '@/lib/db/connection';

export function runScan() {
  const row = db.prepare('SELECT count(*) AS n, kind FROM checks').get() as { n: number; kind: typeof import('./kinds').DEFAULT_KIND };
  return { categories: { total: row.n, kind: row.kind } };
}
