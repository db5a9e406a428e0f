import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { isStaff } from '@/lib/auth/permissions'
import { buildDashboard } from '@/lib/dashboard/metrics'
import { ticketQueries } from '@/lib/db'
import { forbidden, json, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!isStaff(user)) {
    // requesters get their own little dashboard
    const mine = ticketQueries.listByRequester(user.id)
    return json({ myTickets: mine.length, open: mine.filter((t) => !['resolved', 'closed'].includes(t.status)).length })
  }
  const dashboard = await buildDashboard(user)
  if (!dashboard) return forbidden()
  return json(dashboard)
}
