import { executeQueryOne } from '@/lib/db/adapter';

export async function runScan() {
  const row = await executeQueryOne<{ n: number; kind: typeof import('./kinds').DEFAULT_KIND }>('SELECT count(*) AS n, kind FROM checks') as { n: number; kind: typeof import('./kinds').DEFAULT_KIND };
  return { categories: { total: row.n, kind: row.kind } };
}
