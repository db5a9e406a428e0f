import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { getBreachedTickets, getComplianceByPriority, listPolicies } from '@/lib/sla/sla-service'
import { forbidden, json, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'analytics:view')) return forbidden()

  const breaches = getBreachedTickets(user.organization_id)
  const compliance = getComplianceByPriority(user.organization_id).map((row) => ({
    ...row,
    rate: row.total > 0 ? Math.round((row.met / row.total) * 1000) / 10 : null,
  }))
  return json({ breaches, breachCount: breaches.length, compliance, policies: listPolicies(user.organization_id) })
}
