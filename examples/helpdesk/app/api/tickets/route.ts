import { verifyAuth } from '../../../lib/auth/sqlite-auth';
import { ticketService } from '../../../lib/tickets/ticket-service';
import { parsePagination, pageInfo } from '../../../lib/utils/pagination';
import { jsonError, readJson, unauthorized } from '../../../lib/utils/http';
import type { CreateTicketInput } from '../../../lib/tickets/ticket-service';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const { searchParams } = new URL(request.url);
  const page = parsePagination(searchParams);
  const { tickets, total } = ticketService.listForUser(
    user,
    {
      status: searchParams.get('status'),
      priority: searchParams.get('priority'),
      search: searchParams.get('search'),
      assignedTo: searchParams.get('assignedTo') ? Number(searchParams.get('assignedTo')) : null,
      categoryId: searchParams.get('categoryId') ? Number(searchParams.get('categoryId')) : null,
      sortBy: searchParams.get('sortBy'),
      sortDir: searchParams.get('sortDir'),
    },
    page
  );

  return Response.json({ tickets, pagination: pageInfo(total, page) });
}

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const body = await readJson<CreateTicketInput>(request);
  if (!body?.title || body.title.trim().length < 3) {
    return jsonError('Title must be at least 3 characters', 400);
  }

  const ticket = ticketService.createTicket(body, user);
  return Response.json({ ticket }, { status: 201 });
}
