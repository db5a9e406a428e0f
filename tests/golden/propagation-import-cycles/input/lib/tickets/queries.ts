import db from '@/lib/db/connection'
import { label } from './format'

export interface Ticket {
  id: number
  title: string
}

export function getTicket(id: number): Ticket {
  return db.prepare('SELECT id, title FROM tickets WHERE id = ?').get(id) as Ticket
}

export function describe(id: number): string {
  const text = label(id)
  return text.trim()
}
