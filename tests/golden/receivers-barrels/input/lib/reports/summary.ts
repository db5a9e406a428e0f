import { getDb } from '@/lib/store'
import * as store from '@/lib/db'

export function openCount(): number {
  const row = getDb().prepare('SELECT COUNT(*) AS n FROM tickets WHERE status = ?').get('open') as { n: number }
  return row.n
}

export function lastTicket() {
  return store.db.prepare('SELECT * FROM tickets ORDER BY id DESC LIMIT 1').get()
}
