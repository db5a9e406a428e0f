export type Role = 'viewer' | 'operator' | 'admin'

export interface User {
  id: number
  username: string
  role: Role
}

const ORDER: Role[] = ['viewer', 'operator', 'admin']

export function getUserFromRequest(request: Request): User | null {
  const header = request.headers.get('x-user')
  return header ? (JSON.parse(header) as User) : null
}

export function requireRole(request: Request, role: Role): { user: User } | { error: string; status: number } {
  const user = getUserFromRequest(request)
  if (!user) return { error: 'Authentication required', status: 401 }
  if (ORDER.indexOf(user.role) < ORDER.indexOf(role)) return { error: 'Forbidden', status: 403 }
  return { user }
}
