import db from '@/lib/db/connection'

export function recentTickets(tenant: number, status: string) {
  const q = db.prepare(`
    SELECT id, status
    FROM tickets
    WHERE created_at > datetime('now', '-1 day')
      AND tenant_id = ?
      AND status = ?
  `)
  const rows = q.all(tenant, status) as Array<{ id: number; status: string }>
  return rows
}

export function activeCount(tenant: number): number {
  const stmt = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE tenant_id = ? AND is_active = 1")
  const row = stmt.get(tenant) as {
    n: number
  }
  return row.n
}
