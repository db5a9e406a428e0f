import db from '@/lib/db/connection'
export function getTicket(id: number) {
  return db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as { title: string }
}
