import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, SEED_PASSWORD, USERS } from './helpers/http';
import { POST as login } from '../app/api/auth/login/route';
import { POST as register } from '../app/api/auth/register/route';
import { GET as verify } from '../app/api/auth/verify/route';
import { verifyToken, getUserByEmail } from '../lib/auth/sqlite-auth';

describe('auth', () => {
  before(async () => {
    await resetDatabase();
  });
  after(async () => {
    await closeDatabase();
  });

  it('logs in with the seed password and returns a token', async () => {
    const res = await login(jsonRequest('/api/auth/login', { method: 'POST', body: { email: USERS.admin, password: SEED_PASSWORD } }));
    assert.equal(res.status, 200);
    const data = (await res.json()) as { token: string; user: Record<string, unknown> };
    assert.ok(data.token.split('.').length === 3);
    assert.equal(data.user.email, USERS.admin);
    assert.equal(data.user.password_hash, undefined);
    assert.match(res.headers.get('set-cookie') ?? '', /auth_token=/);

    const payload = await verifyToken(data.token);
    assert.equal(payload?.userId, 1);
    assert.equal(payload?.organizationId, 1);
    assert.equal(payload?.role, 'admin');
  });

  it('verifies a bearer token', async () => {
    const token = await loginAs(USERS.agent);
    const res = await verify(jsonRequest('/api/auth/verify', { token }));
    assert.equal(res.status, 200);
    const data = (await res.json()) as { valid: boolean; user: { email: string; name: string } };
    assert.equal(data.valid, true);
    assert.equal(data.user.email, USERS.agent);
    assert.equal(data.user.name, 'Bob Agent');
  });

  it('accepts the token from the auth cookie', async () => {
    const token = await loginAs(USERS.user);
    const req = new Request('http://localhost/api/auth/verify', { headers: { Cookie: `theme=dark; auth_token=${token}` } });
    const res = await verify(req);
    assert.equal(res.status, 200);
  });

  it('rejects a missing or forged token', async () => {
    assert.equal((await verify(jsonRequest('/api/auth/verify'))).status, 401);
    assert.equal((await verify(jsonRequest('/api/auth/verify', { token: 'not.a.token' }))).status, 401);
  });

  it('refuses a bad password', async () => {
    const res = await login(jsonRequest('/api/auth/login', { method: 'POST', body: { email: USERS.admin, password: 'wrong-password' } }));
    assert.equal(res.status, 401);
  });

  it('refuses unknown and deactivated accounts', async () => {
    const unknown = await login(jsonRequest('/api/auth/login', { method: 'POST', body: { email: 'nobody@acme.test', password: SEED_PASSWORD } }));
    assert.equal(unknown.status, 401);
    const inactive = await login(jsonRequest('/api/auth/login', { method: 'POST', body: { email: 'frank@acme.test', password: SEED_PASSWORD } }));
    assert.equal(inactive.status, 401);
  });

  it('registers a new user who can then log in', async () => {
    const res = await register(
      jsonRequest('/api/auth/register', {
        method: 'POST',
        body: { email: 'Grace@Acme.test', name: 'Grace Hopper', password: 'compilers-rock' },
      })
    );
    assert.equal(res.status, 201);
    const data = (await res.json()) as { user: { id: number; email: string; role: string; organization_id: number }; token: string };
    assert.equal(data.user.email, 'grace@acme.test');
    assert.equal(data.user.role, 'user');
    assert.equal(data.user.organization_id, 1);
    assert.ok(data.user.id > 6);
    assert.ok(data.token);

    const stored = await getUserByEmail('grace@acme.test');
    assert.equal(stored?.name, 'Grace Hopper');

    const token = await loginAs('grace@acme.test', 'compilers-rock');
    assert.ok(token);
  });

  it('refuses a duplicate email and invalid input', async () => {
    const dup = await register(
      jsonRequest('/api/auth/register', { method: 'POST', body: { email: USERS.agent, name: 'Bob Again', password: 'password456' } })
    );
    assert.equal(dup.status, 409);
    const short = await register(
      jsonRequest('/api/auth/register', { method: 'POST', body: { email: 'new@acme.test', name: 'New', password: 'short' } })
    );
    assert.equal(short.status, 400);
  });
});
