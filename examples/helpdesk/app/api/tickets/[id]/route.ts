import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { ticketService, type UpdateTicketInput } from '@/lib/tickets/ticket-service';
import { canEdit, canView } from '@/lib/auth/permissions';
import { ticketQueries } from '@/lib/db/queries';
import { jsonError, notFound, parseId, readJson, unauthorized, forbidden } from '@/lib/utils/http';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid ticket id', 400);

  const ticket = ticketService.getTicket(id);
  if (!ticket || !canView(user, ticket)) return notFound('Ticket');
  return Response.json({ ticket });
}

export async function PUT(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid ticket id', 400);

  const existing = ticketQueries.getById(id);
  if (!existing || existing.organization_id !== user.organizationId) return notFound('Ticket');
  if (!canEdit(user, existing)) return forbidden();

  const body = await readJson<UpdateTicketInput>(request);
  if (!body) return jsonError('Invalid JSON body', 400);

  try {
    const ticket = ticketService.updateTicket(id, body, user);
    return ticket ? Response.json({ ticket }) : notFound('Ticket');
  } catch (error) {
    return jsonError(error instanceof Error ? error.message : 'Update failed', 400);
  }
}

export async function DELETE(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin' && user.role !== 'agent') return forbidden();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid ticket id', 400);

  const deleted = ticketService.deleteTicket(id, user);
  if (!deleted) return notFound('Ticket');
  return new Response(null, { status: 204 });
}
