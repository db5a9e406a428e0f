import db from '@/lib/db/connection'
import { EventEmitter } from 'events'

export function escalateBreaches(): number {
  const result = db.prepare("UPDATE tickets SET priority = 'urgent' WHERE sla_due_at < ?").run(Date.now())
  return result.changes
}

export function startEscalation(log: (message: string) => void): NodeJS.Timeout {
  return setInterval(() => {
    const escalated = escalateBreaches()
    if (escalated > 0) log(`escalated ${escalated} tickets`)
  }, 60_000)
}

export function onBreach(events: EventEmitter, log: (message: string) => void): void {
  events.on('breach', (id: number) => {
    log(`breach ${id}: ${escalateBreaches()} escalated`)
  })
}

export function escalateSoon(): void {
  setTimeout(() => escalateBreaches(), 1_000)
}
