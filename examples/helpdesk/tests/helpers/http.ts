import { POST as login } from '../../app/api/auth/login/route';

export const BASE_URL = 'http://localhost';

export const SEED_PASSWORD = 'password123';
export const USERS = {
  admin: 'alice@acme.test',
  agent: 'bob@acme.test',
  agent2: 'carol@acme.test',
  user: 'dave@acme.test',
  otherOrgAdmin: 'erin@globex.test',
} as const;

export function jsonRequest(pathname: string, options: { method?: string; token?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return new Request(`${BASE_URL}${pathname}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

export async function loginAs(email: string, password = SEED_PASSWORD): Promise<string> {
  const res = await login(jsonRequest('/api/auth/login', { method: 'POST', body: { email, password } }));
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status}`);
  const data = (await res.json()) as { token: string };
  return data.token;
}

export function params(id: number | string) {
  return { params: { id: String(id) } };
}
