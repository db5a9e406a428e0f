import { executeQuery } from '@/lib/db/adapter'

export interface Breach {
  id: number
  title: string
}

export async function getBreachedTickets(): Promise<Breach[]> {
  return await executeQuery<Breach>("SELECT id, title FROM tickets WHERE sla_due_at < datetime('now')")
}
