import { getUserById, type User } from '@/lib/auth/auth-service'

export async function canManage(actor: User, targetId: number): Promise<boolean> {
  const target = await getUserById(targetId)
  return actor.role === 'admin' && target !== undefined
}
