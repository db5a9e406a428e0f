import { EventEmitter } from 'events'
import { executeRun } from '@/lib/db/adapter'

export async function escalateBreaches(): Promise<number> {
  const result = await executeRun("UPDATE tickets SET priority = 'urgent' WHERE sla_due_at < ?", [Date.now()])
  return result.changes
}

export function startEscalation(log: (message: string) => void): NodeJS.Timeout {
  return setInterval(async () => {
    const escalated = await escalateBreaches()
    if (escalated > 0) log(`escalated ${escalated} tickets`)
  }, 60_000)
}

export function onBreach(events: EventEmitter, log: (message: string) => void): void {
  events.on('breach', async (id: number) => {
    log(`breach ${id}: ${await escalateBreaches()} escalated`)
  })
}

export function escalateSoon(): void {
  setTimeout(() => escalateBreaches(), 1_000)
}
