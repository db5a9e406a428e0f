export interface Identity {
  id: number
  name: string
  email: string
  teams: number[]
}

export function buildIdentity(db: any, userId: number): Identity | null {
  const user = db.prepare('SELECT id, name, email FROM users WHERE id = ?').get(userId) as { id: number; name: string; email: string } | undefined
  if (!user) return null
  const teams = db.prepare('SELECT team_id FROM team_members WHERE user_id = ?').all(userId) as { team_id: number }[]
  return { ...user, teams: teams.map((t) => t.team_id) }
}
