import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { getOverview } from '@/lib/analytics/overview'
import { forbidden, json, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'analytics:view')) return forbidden()
  return json(getOverview(user.organization_id))
}
