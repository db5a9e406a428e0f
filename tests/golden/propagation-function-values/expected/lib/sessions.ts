import { executeQueryOne } from '@/lib/db/adapter'

export async function countActiveSessions(runtime: string): Promise<number> {
  const row = await executeQueryOne<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE runtime = ? AND status = 'active'", [runtime]) as { n: number }
  return row.n
}
