import { getDatabase } from '@/lib/db/connection'

export function countActiveSessions(runtime: string): number {
  const row = getDatabase()
    .prepare("SELECT COUNT(*) AS n FROM sessions WHERE runtime = ? AND status = 'active'")
    .get(runtime) as { n: number }
  return row.n
}
