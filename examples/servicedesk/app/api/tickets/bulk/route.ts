import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { assignTickets } from '@/lib/tickets/bulk'
import { badRequest, forbidden, json, readJson, unauthorized } from '@/lib/http/responses'

/** Bulk assignment from the queue view: `{ ids: [...], assignee_id: number | null }`. */
export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'tickets:assign')) return forbidden()
  const body = await readJson<{ ids?: unknown; assignee_id?: unknown }>(request).catch(() => null)
  const ids = body?.ids
  const assignee = body?.assignee_id
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id)) || !(assignee === null || Number.isInteger(assignee))) {
    return badRequest(new Error('ids must be a list of ticket ids and assignee_id a user id or null'))
  }
  return json({ assigned: assignTickets(user.organization_id, ids as number[], assignee as number | null) })
}
