import { label } from './format'
import { executeQueryOne } from '@/lib/db/adapter'

export interface Ticket {
  id: number
  title: string
}

export async function getTicket(id: number): Promise<Ticket> {
  return await executeQueryOne<Ticket>('SELECT id, title FROM tickets WHERE id = ?', [id]) as Ticket
}

export async function describe(id: number): Promise<string> {
  const text = await label(id)
  return text.trim()
}
