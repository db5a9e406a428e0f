import { executeQueryOne } from '@/lib/db/adapter'
export async function getTicket(id: number) {
  return await executeQueryOne<{ title: string }>('SELECT * FROM tickets WHERE id = ?', [id]) as { title: string }
}
