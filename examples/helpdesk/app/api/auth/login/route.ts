import { authenticateUser } from '@/lib/auth/sqlite-auth';
import { trackEvent } from '@/lib/analytics/events';
import { jsonError, readJson } from '@/lib/utils/http';

export async function POST(request: Request) {
  const body = await readJson<{ email?: string; password?: string }>(request);
  if (!body?.email || !body.password) {
    return jsonError('Email and password are required', 400);
  }

  const result = await authenticateUser(body.email, body.password);
  if (!result) {
    return jsonError('Invalid email or password', 401);
  }

  trackEvent(result.user.organization_id, result.user.id, 'user_login', { channel: 'api' });

  return Response.json(
    { user: result.user, token: result.token },
    {
      status: 200,
      headers: { 'Set-Cookie': `auth_token=${result.token}; HttpOnly; Path=/; SameSite=Lax; Max-Age=28800` },
    }
  );
}
