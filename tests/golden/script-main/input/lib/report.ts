import db from '@/lib/db/connection'

export interface Breach {
  id: number
  title: string
}

export function getBreachedTickets(): Breach[] {
  return db.prepare("SELECT id, title FROM tickets WHERE sla_due_at < datetime('now')").all() as Breach[]
}
