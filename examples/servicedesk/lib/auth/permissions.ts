import { getDb } from '@/lib/db/connection'
import type { AuthUser, Role } from '@/lib/types'

const db = getDb()

export type Permission =
  | 'tickets:read_all'
  | 'tickets:update'
  | 'tickets:delete'
  | 'tickets:assign'
  | 'knowledge:publish'
  | 'cmdb:write'
  | 'workflows:manage'
  | 'changes:approve'
  | 'analytics:view'

export function getPermissions(role: Role): string[] {
  const rows = db.prepare('SELECT permission FROM role_permissions WHERE role = ? ORDER BY permission').all(role) as {
    permission: string
  }[]
  return rows.map((r) => r.permission)
}

export function hasPermission(user: Pick<AuthUser, 'role'>, permission: Permission): boolean {
  if (user.role === 'admin') return true
  const row = db.prepare('SELECT 1 AS ok FROM role_permissions WHERE role = ? AND permission = ?').get(user.role, permission)
  return row !== undefined
}

export function isStaff(user: Pick<AuthUser, 'role'>): boolean {
  return user.role === 'admin' || user.role === 'agent'
}
