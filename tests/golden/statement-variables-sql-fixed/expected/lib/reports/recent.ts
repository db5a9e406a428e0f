import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export async function recentTickets(tenant: number, status: string) {
  const rows = await executeQuery<{ id: number; status: string }>(`
    SELECT id, status
    FROM tickets
    WHERE created_at > datetime('now', '-1 day')
      AND tenant_id = ?
      AND status = ?
  `, [tenant, status])
  return rows
}

export async function activeCount(tenant: number): Promise<number> {
  const row = await executeQueryOne<{
    n: number
  }>("SELECT COUNT(*) AS n FROM tickets WHERE tenant_id = ? AND is_active = TRUE", [tenant]) as {
    n: number
  }
  return row.n
}
