import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { getSettings, setSettings } from '@/lib/settings/user-settings';
import { jsonError, readJson, unauthorized } from '@/lib/utils/http';

const ALLOWED_KEYS = new Set(['theme', 'language', 'email_notifications', 'page_size', 'timezone']);

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  return Response.json({ settings: getSettings(user.userId) });
}

export async function PUT(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const body = await readJson<Record<string, string>>(request);
  if (!body) return jsonError('Invalid JSON body', 400);
  const unknown = Object.keys(body).filter((k) => !ALLOWED_KEYS.has(k));
  if (unknown.length > 0) return jsonError(`Unknown settings: ${unknown.join(', ')}`, 400);

  return Response.json({ settings: setSettings(user.userId, body) });
}
