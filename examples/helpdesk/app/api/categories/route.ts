import db from '../../../lib/db/connection';
import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { categoryQueries } from '@/lib/db/queries';
import { forbidden, jsonError, notFound, parseId, readJson, unauthorized } from '@/lib/utils/http';
import { countRows } from '@/lib/db/helpers';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const withCounts = new URL(request.url).searchParams.get('counts') === 'true';
  return Response.json({
    categories: withCounts ? categoryQueries.withTicketCounts(user.organizationId) : categoryQueries.list(user.organizationId),
  });
}

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin') return forbidden();

  const body = await readJson<{ name?: string; description?: string; color?: string }>(request);
  if (!body?.name) return jsonError('name is required', 400);

  const duplicate = db
    .prepare('SELECT id FROM categories WHERE organization_id = ? AND lower(name) = lower(?)')
    .get(user.organizationId, body.name);
  if (duplicate) return jsonError('Category already exists', 409);

  const category = categoryQueries.create(user.organizationId, body.name, body.description ?? null, body.color ?? '#6b7280');
  return Response.json({ category }, { status: 201 });
}

export async function DELETE(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin') return forbidden();
  const id = parseId(new URL(request.url).searchParams.get('id') ?? '');
  if (!id) return jsonError('Invalid category id', 400);

  if (countRows('tickets', 'category_id = ?', id) > 0) {
    return jsonError('Category is still used by tickets', 409);
  }
  const result = db.prepare('DELETE FROM categories WHERE id = ? AND organization_id = ?').run(id, user.organizationId);
  if (result.changes === 0) return notFound('Category');
  return new Response(null, { status: 204 });
}
