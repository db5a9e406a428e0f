import { getUserFromRequest, type User } from '@/lib/auth/sqlite-auth'

export function sessionUser(request: Request): User {
  const user = getUserFromRequest(request)
  if (!user) throw new Error('no session in this request')
  return user
}
