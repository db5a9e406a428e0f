import { executeQueryOne, executeRun } from '@/lib/db/adapter'

export interface Session {
  id: string
  user_id: number
  closed_at: number | null
}

export function parseSessionId(raw: string): string {
  if (!/^[a-z0-9-]{8,}$/.test(raw)) throw new Error(`Invalid session id: ${raw}`)
  return raw
}

export async function ensureSession(id: string): Promise<Session> {
  const row = await executeQueryOne<Session>('SELECT id, user_id, closed_at FROM sessions WHERE id = ?', [id])
  if (!row) throw new Error(`Session not found: ${id}`)
  if (row.closed_at !== null) throw new Error('Session closed')
  return row
}

export async function closeSession(id: string): Promise<void> {
  const session = await ensureSession(id)
  await executeRun('UPDATE sessions SET closed_at = ? WHERE id = ?', [Date.now(), session.id])
}

export async function purgeClosedSessions(): Promise<number> {
  return (await executeRun('DELETE FROM sessions WHERE closed_at IS NOT NULL')).changes
}
