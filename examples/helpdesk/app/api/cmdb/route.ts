import { getDb } from '@/lib/db/connection';
import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { createItem, listItems, summarizeByType, type CmdbItemInput } from '@/lib/cmdb/cmdb-service';
import { forbidden, jsonError, readJson, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const type = new URL(request.url).searchParams.get('type') ?? undefined;
  const db = getDb();
  return Response.json({
    items: listItems(db, user.organizationId, type),
    summary: summarizeByType(user.organizationId),
  });
}

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const body = await readJson<CmdbItemInput>(request);
  if (!body?.name || !body.type) return jsonError('name and type are required', 400);

  const item = createItem(getDb(), user.organizationId, body);
  return Response.json({ item }, { status: 201 });
}
