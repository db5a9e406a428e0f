import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { bulkAssign, bulkUpdateStatus } from '@/lib/tickets/bulk';
import { statusQueries } from '@/lib/db/queries';
import { forbidden, jsonError, readJson, unauthorized } from '@/lib/utils/http';

interface BulkBody {
  ids?: number[];
  status?: string;
  assignTo?: number;
}

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const body = await readJson<BulkBody>(request);
  const ids = (body?.ids ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) return jsonError('ids must be a non-empty array', 400);

  if (body?.status) {
    if (!statusQueries.isValid(body.status)) return jsonError('Unknown status', 400);
    return Response.json(bulkUpdateStatus(user.organizationId, ids, body.status));
  }
  if (body?.assignTo) {
    return Response.json({ updated: bulkAssign(ids, body.assignTo) });
  }
  return jsonError('Nothing to do: provide status or assignTo', 400);
}
