import { verifyAuth, getAllUsers } from '@/lib/auth/sqlite-auth';
import { userQueries } from '@/lib/db/queries';
import { unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const agentsOnly = new URL(request.url).searchParams.get('role') === 'agent';
  const users = agentsOnly
    ? userQueries.listAgents(user.organizationId).map(({ password_hash: _h, ...rest }) => rest)
    : getAllUsers(user.organizationId);
  return Response.json({ users });
}
