import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { ticketService } from '@/lib/tickets/ticket-service'
import { countComments } from '@/lib/tickets/comments'
import { logAudit } from '@/lib/audit/audit-log'
import { ticketUpdateSchema } from '@/lib/validation/schemas'
import { badRequest, forbidden, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'

type Context = { params: { id: string } }

export async function GET(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id) return notFound('Ticket not found')

  const ticket = ticketService.get(id, user)
  if (!ticket) return notFound('Ticket not found')
  return json({ ticket: { ...ticket, comment_count: countComments(id) } })
}

export async function PATCH(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id) return notFound('Ticket not found')

  let changes
  try {
    changes = ticketUpdateSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }

  const current = ticketService.get(id, user)
  if (!current) return notFound('Ticket not found')
  const ownTicket = current.requester_id === user.id
  // requesters may only edit the text of their own ticket or close it
  const onlyOwnerFields = Object.keys(changes).every((k) => k === 'title' || k === 'description') || changes.status === 'closed'
  if (!hasPermission(user, 'tickets:update') && !(ownTicket && onlyOwnerFields)) {
    return forbidden()
  }
  if (changes.assignee_id !== undefined && !hasPermission(user, 'tickets:assign')) {
    return forbidden()
  }

  const ticket = ticketService.update(id, user, changes)
  if (!ticket) return notFound('Ticket not found')
  await logAudit({ organizationId: user.organization_id, userId: user.id, action: 'update', entityType: 'ticket', entityId: id, details: changes })
  return json({ ticket })
}

export async function DELETE(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'tickets:delete')) return forbidden()
  const id = parseId(params.id)
  if (!id || !ticketService.delete(id, user)) return notFound('Ticket not found')
  await logAudit({ organizationId: user.organization_id, userId: user.id, action: 'delete', entityType: 'ticket', entityId: id })
  return new Response(null, { status: 204 })
}
