import { getDatabase, Activity } from '@/lib/db/connection'

export function recentActivity(limit: number) {
  const db = getDatabase()
  return db.prepare('SELECT id, kind FROM activities ORDER BY id DESC LIMIT ?').all(limit) as Activity[]
}
