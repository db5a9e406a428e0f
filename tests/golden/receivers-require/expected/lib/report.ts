import { executeQueryOne } from '@/lib/db/adapter';
export async function countOpen(orgId: number): Promise<number> {
  const row = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM tickets WHERE organization_id = ?', [orgId]) as { n: number };
  return row.n;
}
