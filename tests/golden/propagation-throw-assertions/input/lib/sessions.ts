import db from '@/lib/db/connection'

export interface Session {
  id: string
  user_id: number
  closed_at: number | null
}

export function parseSessionId(raw: string): string {
  if (!/^[a-z0-9-]{8,}$/.test(raw)) throw new Error(`Invalid session id: ${raw}`)
  return raw
}

export function ensureSession(id: string): Session {
  const row = db.prepare('SELECT id, user_id, closed_at FROM sessions WHERE id = ?').get(id) as Session | undefined
  if (!row) throw new Error(`Session not found: ${id}`)
  if (row.closed_at !== null) throw new Error('Session closed')
  return row
}

export function closeSession(id: string): void {
  const session = ensureSession(id)
  db.prepare('UPDATE sessions SET closed_at = ? WHERE id = ?').run(Date.now(), session.id)
}

export function purgeClosedSessions(): number {
  return db.prepare('DELETE FROM sessions WHERE closed_at IS NOT NULL').run().changes
}
