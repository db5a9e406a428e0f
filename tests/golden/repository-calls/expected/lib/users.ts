import type { User } from './types'
import { executeQuery, executeQueryOne } from '@/lib/db/adapter'
import { usersRepository } from '@/lib/repositories/users-repository'

export async function getUser(id: number) {
  return await usersRepository.findById<User>(id)
}

export async function getUserReformatted(id: number): Promise<User> {
  return await usersRepository.findById<User>(id) as User
}

export async function byTenantAndEmail(tenant: number, email: string) {
  // the same statement with its predicates (and so its arguments) in the other order
  return await usersRepository.findByEmailAndTenant<User>(email, tenant)
}

export async function activeUser(id: number) {
  // an extra predicate: not the repository's statement
  return await executeQueryOne<User>('SELECT * FROM users WHERE id = ? AND is_active = TRUE', [id])
}

export async function usersWithId(id: number) {
  // the same SQL with another terminal: not the rule
  return await executeQuery<User>('SELECT * FROM users WHERE id = ?', [id])
}
