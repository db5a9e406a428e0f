import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export interface Identity {
  id: number
  name: string
  email: string
  teams: number[]
}

export async function buildIdentity(userId: number): Promise<Identity | null> {
  const user = await executeQueryOne<{ id: number; name: string; email: string }>('SELECT id, name, email FROM users WHERE id = ?', [userId])
  if (!user) return null
  const teams = await executeQuery<{ team_id: number }>('SELECT team_id FROM team_members WHERE user_id = ?', [userId])
  return { ...user, teams: teams.map((t) => t.team_id) }
}
