import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { listStatuses } from '@/lib/tickets/statuses';
import { unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  return Response.json({ statuses: listStatuses() });
}
