import { getUserById, type User } from './sqlite-auth'

export function canManage(actor: User, targetId: number): boolean {
  const target = getUserById(targetId)
  return actor.role === 'admin' && target !== undefined
}
