import { getDb } from '@/lib/db/connection';
import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { addRelationship, getItem, getRelationships, removeRelationship } from '@/lib/cmdb/cmdb-service';
import { analyzeImpact } from '@/lib/cmdb/impact';
import { forbidden, jsonError, notFound, parseId, readJson, unauthorized } from '@/lib/utils/http';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid item id', 400);

  const db = getDb();
  const item = getItem(db, id);
  if (!item || item.organization_id !== user.organizationId) return notFound('Configuration item');

  return Response.json({ item, ...getRelationships(db, id), impact: analyzeImpact(id) });
}

export async function POST(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();
  const parentId = parseId(params.id);
  if (!parentId) return jsonError('Invalid item id', 400);

  const body = await readJson<{ childId?: number; type?: string }>(request);
  const childId = Number(body?.childId);
  if (!Number.isInteger(childId) || childId <= 0) return jsonError('childId is required', 400);
  if (childId === parentId) return jsonError('An item cannot depend on itself', 400);

  const db = getDb();
  const parent = getItem(db, parentId);
  const child = getItem(db, childId);
  if (!parent || !child || parent.organization_id !== user.organizationId || child.organization_id !== user.organizationId) {
    return notFound('Configuration item');
  }

  const { created } = addRelationship(db, parentId, childId, body?.type);
  return Response.json({ created, ...getRelationships(db, parentId) }, { status: created ? 201 : 200 });
}

export async function DELETE(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();
  const parentId = parseId(params.id);
  const childId = Number(new URL(request.url).searchParams.get('childId'));
  if (!parentId || !childId) return jsonError('Invalid ids', 400);

  return removeRelationship(getDb(), parentId, childId) ? new Response(null, { status: 204 }) : notFound('Relationship');
}
