import { db } from '../connection'
import type { PublicUser, Role } from '@/lib/types'

const PUBLIC_COLUMNS = 'id, organization_id, email, name, role, team, is_active, last_login_at, created_at, updated_at'

export const userQueries = {
  listByOrg: (organizationId: number): PublicUser[] =>
    db
      .prepare(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE organization_id = ? AND is_active = 1 ORDER BY name`)
      .all(organizationId) as PublicUser[],

  listAgents: (organizationId: number): PublicUser[] =>
    db
      .prepare(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE organization_id = ? AND role IN ('agent', 'admin') AND is_active = 1 ORDER BY id`)
      .all(organizationId) as PublicUser[],

  getName: (id: number): string | undefined => {
    const row = db.prepare('SELECT name FROM users WHERE id = ?').get(id) as { name: string } | undefined
    return row?.name
  },

  search: (organizationId: number, term: string) =>
    db
      .prepare(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE organization_id = ? AND (name LIKE ? OR email LIKE ?) ORDER BY name LIMIT 20`)
      .all(organizationId, `%${term}%`, `%${term}%`) as any[],

  setRole: (id: number, role: Role) =>
    db.prepare("UPDATE users SET role = ?, updated_at = datetime('now') WHERE id = ?").run(role, id).changes,
}
