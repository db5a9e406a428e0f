import db from '@/lib/db/connection'
import { executeQuery, executeQueryOne, executeRun, executeTransaction } from '@/lib/db/adapter'

export interface Order {
  id: number
  status: string
}

export async function getOrder(id: number, tenant: number): Promise<Order | undefined> {
  return await executeQueryOne<Order>('SELECT * FROM orders WHERE id = ? AND tenant_id = ?', id, tenant)
}

export async function listOrders(...filters: unknown[]): Promise<Order[]> {
  return await executeQuery<Order>('SELECT * FROM orders WHERE status = ? AND tenant_id = ?', filters)
}

export async function closeOrders(ids: number[]) {
  const close = async (list: number[]) => executeTransaction(async (tx) => {
    for (const id of list) {
      const order = await tx.get<Order>('SELECT * FROM orders WHERE id = ?', [id])
      if (!order) continue
      await tx.run('UPDATE orders SET status = ? WHERE id = ?', ['closed', id])
      const lines = await tx.all<{ id: number }>('SELECT id FROM order_lines WHERE order_id = ?', [id])
      await tx.run('INSERT INTO audit (what, n) VALUES (?, ?)', ['close', lines.length])
    }
  })
  await close(ids)
}

export async function resetTables() {
  await executeRun('DELETE FROM order_lines');
  await executeRun('DELETE FROM orders')
}

export function runMigration(sql: string) {
  db.exec(sql)
}
