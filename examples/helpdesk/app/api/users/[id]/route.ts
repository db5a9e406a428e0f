import { verifyAuth, getUserById, updateUser, deleteUser, toPublicUser } from '@/lib/auth/sqlite-auth';
import { forbidden, jsonError, notFound, parseId, readJson, unauthorized } from '@/lib/utils/http';
import type { UserRole } from '@/lib/types';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const auth = await verifyAuth(request);
  if (!auth) return unauthorized();
  const id = parseId(params.id);
  const user = id ? getUserById(id) : undefined;
  if (!user || user.organization_id !== auth.organizationId) return notFound('User');
  return Response.json({ user: toPublicUser(user) });
}

export async function PUT(request: Request, { params }: Params) {
  const auth = await verifyAuth(request);
  if (!auth) return unauthorized();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid user id', 400);
  if (auth.role !== 'admin' && auth.userId !== id) return forbidden();

  const body = await readJson<{ name?: string; email?: string; role?: UserRole; isActive?: boolean }>(request);
  if (!body) return jsonError('Invalid JSON body', 400);
  if (auth.role !== 'admin' && (body.role !== undefined || body.isActive !== undefined)) return forbidden();

  const existing = getUserById(id);
  if (!existing || existing.organization_id !== auth.organizationId) return notFound('User');

  const user = updateUser(id, body);
  return user ? Response.json({ user: toPublicUser(user) }) : notFound('User');
}

export async function DELETE(request: Request, { params }: Params) {
  const auth = await verifyAuth(request);
  if (!auth) return unauthorized();
  if (auth.role !== 'admin') return forbidden();
  const id = parseId(params.id);
  if (!id || id === auth.userId) return jsonError('Invalid user id', 400);

  return deleteUser(id) ? new Response(null, { status: 204 }) : notFound('User');
}
