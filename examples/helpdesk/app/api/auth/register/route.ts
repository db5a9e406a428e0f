import db from '@/lib/db/connection';
import { createUser, emailExists, generateToken } from '@/lib/auth/sqlite-auth';
import { jsonError, readJson } from '@/lib/utils/http';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface RegisterBody {
  email?: string;
  name?: string;
  password?: string;
  organization?: string;
}

export async function POST(request: Request) {
  const body = await readJson<RegisterBody>(request);
  if (!body?.email || !body.name || !body.password) {
    return jsonError('email, name and password are required', 400);
  }
  if (!EMAIL_RE.test(body.email)) return jsonError('Invalid email address', 400);
  if (body.password.length < 8) return jsonError('Password must be at least 8 characters', 400);

  if (emailExists(body.email)) {
    return jsonError('An account with this email already exists', 409);
  }

  const org = db.prepare('SELECT id FROM organizations WHERE slug = ?').get(body.organization ?? 'acme') as { id: number } | undefined;
  if (!org) return jsonError('Unknown organization', 400);

  const user = await createUser({ email: body.email, name: body.name, password: body.password, organizationId: org.id });
  const token = await generateToken(user);
  return Response.json({ user, token }, { status: 201 });
}
