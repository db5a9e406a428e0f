import db from '@/lib/db/connection'
import type { User } from './types'

export function getUser(id: number) {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined
}

export function getUserReformatted(id: number): User {
  return db.prepare(`
    select u.*
      from Users u
     where u.id = ?
  `).get(id) as User
}

export function byTenantAndEmail(tenant: number, email: string) {
  // the same statement with its predicates (and so its arguments) in the other order
  return db.prepare('SELECT * FROM users WHERE tenant_id = ? AND email = ?').get(tenant, email) as User | undefined
}

export function activeUser(id: number) {
  // an extra predicate: not the repository's statement
  return db.prepare('SELECT * FROM users WHERE id = ? AND is_active = 1').get(id) as User | undefined
}

export function usersWithId(id: number) {
  // the same SQL with another terminal: not the rule
  return db.prepare('SELECT * FROM users WHERE id = ?').all(id) as User[]
}
