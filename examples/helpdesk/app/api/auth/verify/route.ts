import { verifyAuth, getUserById, toPublicUser } from '@/lib/auth/sqlite-auth';
import { unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const auth = await verifyAuth(request);
  if (!auth) return unauthorized();

  const user = getUserById(auth.userId);
  if (!user || !user.is_active) return unauthorized();

  return Response.json({ valid: true, user: toPublicUser(user) });
}
