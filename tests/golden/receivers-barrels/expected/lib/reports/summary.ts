import { executeQueryOne } from '@/lib/db/adapter'

export async function openCount(): Promise<number> {
  const row = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM tickets WHERE status = ?', ['open']) as { n: number }
  return row.n
}

export async function lastTicket() {
  return await executeQueryOne('SELECT * FROM tickets ORDER BY id DESC LIMIT 1')
}
