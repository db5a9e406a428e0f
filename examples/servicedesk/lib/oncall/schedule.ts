import memoizeOne from 'memoize-one'
import db from '@/lib/db/connection'

export interface Schedule {
  id: number
  organization_id: number
  name: string
  team: string
  rotation_days: number
  starts_on: string
}

export interface OnCallEntry {
  schedule: string
  team: string
  user_id: number
  name: string
  email: string
  source: 'rotation' | 'override'
}

// The escalation timer (server.ts) asks for the same organization's schedules every few minutes;
// they change a few times a year.
export const getSchedules = memoizeOne(
  (organizationId: number): Schedule[] =>
    db.prepare('SELECT * FROM oncall_schedules WHERE organization_id = ? ORDER BY team, id').all(organizationId) as Schedule[]
)

function currentOverride(scheduleId: number) {
  return db
    .prepare(
      `SELECT o.user_id, u.name, u.email FROM oncall_overrides o JOIN users u ON u.id = o.user_id
       WHERE o.schedule_id = ? AND o.starts_at <= datetime('now') AND o.ends_at > datetime('now')
       ORDER BY o.id DESC LIMIT 1`
    )
    .get(scheduleId) as { user_id: number; name: string; email: string } | undefined
}

export function whoIsOnCall(schedule: Schedule): OnCallEntry | null {
  const override = currentOverride(schedule.id)
  if (override) {
    return { schedule: schedule.name, team: schedule.team, ...override, source: 'override' }
  }
  const members = db
    .prepare(
      `SELECT m.user_id, u.name, u.email FROM oncall_members m JOIN users u ON u.id = m.user_id
       WHERE m.schedule_id = ? AND u.is_active = 1 ORDER BY m.position`
    )
    .all(schedule.id) as { user_id: number; name: string; email: string }[]
  if (members.length === 0) return null
  const elapsed = db
    .prepare("SELECT CAST(julianday('now') - julianday(?) AS INTEGER) AS days")
    .get(schedule.starts_on) as any
  const index = Math.floor(Math.max(0, elapsed.days) / schedule.rotation_days) % members.length
  return { schedule: schedule.name, team: schedule.team, ...members[index], source: 'rotation' }
}

export function currentOnCall(organizationId: number): OnCallEntry[] {
  const entries: OnCallEntry[] = []
  for (const schedule of getSchedules(organizationId)) {
    const entry = whoIsOnCall(schedule)
    if (entry) entries.push(entry)
  }
  return entries
}

export function addOverride(scheduleId: number, userId: number, startsAt: string, endsAt: string, reason?: string): number {
  const info = db
    .prepare('INSERT INTO oncall_overrides (schedule_id, user_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?)')
    .run(scheduleId, userId, startsAt, endsAt, reason ?? null)
  return Number(info.lastInsertRowid)
}
