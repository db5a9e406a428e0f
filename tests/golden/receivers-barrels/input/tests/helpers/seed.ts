import { getDb } from '@/lib/db'

export function seedTickets(count: number) {
  const insert = getDb().prepare('INSERT INTO tickets (title) VALUES (?)')
  for (let i = 0; i < count; i++) insert.run(`ticket ${i}`)
}
