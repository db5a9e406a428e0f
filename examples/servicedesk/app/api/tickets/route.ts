import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { ticketService } from '@/lib/tickets/ticket-service'
import { parseTicketFilters } from '@/lib/tickets/filters'
import { logAudit } from '@/lib/audit/audit-log'
import { ticketCreateSchema } from '@/lib/validation/schemas'
import { badRequest, created, json, readJson, searchParams, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const result = ticketService.list(user, parseTicketFilters(searchParams(request)))
  return json(result)
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()

  let input
  try {
    input = ticketCreateSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }

  const ticket = ticketService.create(user, input)
  await logAudit({ organizationId: user.organization_id, userId: user.id, action: 'create', entityType: 'ticket', entityId: ticket.id })
  return created({ ticket })
}
