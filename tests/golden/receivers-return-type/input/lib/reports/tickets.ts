import { getDatabase } from '@/lib/db/connection'
import type { SqliteDb } from '@/lib/db/types'

type Db = ReturnType<typeof getDatabase>

export function countOpen(db: ReturnType<typeof getDatabase>): number {
  const row = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE status = 'open'").get() as { n: number }
  return row.n
}

export function listUsers(db: Db, limit: number) {
  return db.prepare('SELECT id, name FROM users LIMIT ?').all(limit)
}

export function closeTicket(database: SqliteDb, id: number): void {
  database.prepare("UPDATE tickets SET status = 'closed' WHERE id = ?").run(id)
}

export function dashboard() {
  const db = getDatabase()
  return { open: countOpen(db), users: listUsers(db, 10) }
}
