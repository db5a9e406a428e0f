import { verifyAuth, getAllUsers } from '@/lib/auth/sqlite-auth'
import { isStaff } from '@/lib/auth/permissions'
import { userQueries } from '@/lib/db'
import { forbidden, json, searchParams, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!isStaff(user)) return forbidden()
  const q = searchParams(request).get('q')
  const users = q ? userQueries.search(user.organization_id, q) : getAllUsers(user.organization_id)
  return json({ users })
}
