import db from '@/lib/db/connection'

export interface Order {
  id: number
  status: string
}

export function getOrder(id: number, tenant: number): Order | undefined {
  return db.prepare('SELECT * FROM orders WHERE id = ? AND tenant_id = ?').get(id, tenant) as Order | undefined
}

export function listOrders(...filters: unknown[]): Order[] {
  return db.prepare('SELECT * FROM orders WHERE status = ? AND tenant_id = ?').all(...filters) as Order[]
}

export function closeOrders(ids: number[]) {
  const close = db.transaction((list: number[]) => {
    for (const id of list) {
      const order = db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Order | undefined
      if (!order) continue
      db.prepare('UPDATE orders SET status = ? WHERE id = ?').run('closed', id)
      const lines = db.prepare('SELECT id FROM order_lines WHERE order_id = ?').all(id) as { id: number }[]
      db.prepare('INSERT INTO audit (what, n) VALUES (?, ?)').run('close', lines.length)
    }
  })
  close(ids)
}

export function resetTables() {
  db.exec(`
    DELETE FROM order_lines;
    DELETE FROM orders;
  `)
}

export function runMigration(sql: string) {
  db.exec(sql)
}
