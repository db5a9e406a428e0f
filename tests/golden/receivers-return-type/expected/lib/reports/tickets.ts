import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter'

export async function countOpen(): Promise<number> {
  const row = await executeQueryOne<{ n: number }>("SELECT COUNT(*) AS n FROM tickets WHERE status = 'open'") as { n: number }
  return row.n
}

export async function listUsers(limit: number) {
  return await executeQuery('SELECT id, name FROM users LIMIT ?', [limit])
}

export async function closeTicket(id: number): Promise<void> {
  await executeRun("UPDATE tickets SET status = 'closed' WHERE id = ?", [id])
}

export async function dashboard() {
  return { open: await countOpen(), users: await listUsers(10) }
}
