import { verifyAuth } from '../../../../../lib/auth/sqlite-auth';
import { addComment, listComments } from '../../../../../lib/tickets/comments';
import { canView } from '../../../../../lib/auth/permissions';
import { ticketQueries } from '../../../../../lib/db/queries';
import { jsonError, notFound, parseId, readJson, unauthorized } from '../../../../../lib/utils/http';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const ticketId = parseId(params.id);
  if (!ticketId) return jsonError('Invalid ticket id', 400);

  const ticket = ticketQueries.getById(ticketId);
  if (!ticket || !canView(user, ticket)) return notFound('Ticket');

  return Response.json({ comments: listComments(ticketId, user) });
}

export async function POST(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const ticketId = parseId(params.id);
  if (!ticketId) return jsonError('Invalid ticket id', 400);

  const ticket = ticketQueries.getById(ticketId);
  if (!ticket || !canView(user, ticket)) return notFound('Ticket');

  const body = await readJson<{ content?: string; isInternal?: boolean }>(request);
  if (!body?.content?.trim()) return jsonError('Comment content is required', 400);

  const comment = addComment(ticketId, user, body.content.trim(), Boolean(body.isInternal));
  return Response.json({ comment }, { status: 201 });
}
