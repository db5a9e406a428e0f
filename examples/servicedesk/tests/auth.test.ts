import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, SEED_PASSWORD, USERS } from './helpers/http'
import { POST as login } from '../app/api/auth/login/route'
import { POST as register } from '../app/api/auth/register/route'
import { GET as me } from '../app/api/auth/me/route'
import { GET as listUsers } from '../app/api/users/route'
import { DELETE as deactivateUser, PATCH as patchUser } from '../app/api/users/[id]/route'
import { emailExists, getUserByEmail, verifyAuth, verifyToken } from '../lib/auth/sqlite-auth'

describe('auth', () => {
  before(async () => {
    await resetDatabase()
  })
  after(async () => {
    await closeDatabase()
  })

  it('logs in with the seed password and returns a signed token and a session cookie', async () => {
    const res = await login(request('/api/auth/login', { method: 'POST', body: { email: USERS.admin, password: SEED_PASSWORD } }))
    assert.equal(res.status, 200)
    const data = await body<{ token: string; user: Record<string, unknown>; permissions: string[] }>(res)
    assert.equal(data.token.split('.').length, 3)
    assert.equal(data.user.email, USERS.admin)
    assert.equal(data.user.password_hash, undefined)
    assert.ok(data.permissions.includes('workflows:manage'))
    assert.match(res.headers.get('set-cookie') ?? '', /sd_session=/)

    const payload = await verifyToken(data.token)
    assert.equal(payload?.userId, 1)
    assert.equal(payload?.organizationId, 1)
    assert.equal(payload?.role, 'admin')
  })

  it('accepts e-mail addresses in any case', async () => {
    const token = await loginAs('Ben@Northwind.TEST')
    assert.equal((await verifyToken(token))?.userId, 2)
  })

  it('returns the signed-in user, organization and permissions', async () => {
    const token = await loginAs(USERS.agent)
    const res = await me(request('/api/auth/me', { token }))
    assert.equal(res.status, 200)
    const data = await body(res)
    assert.equal(data.user.name, 'Ben Agent')
    assert.equal(data.organization.slug, 'northwind')
    assert.deepEqual(data.permissions, ['analytics:view', 'cmdb:write', 'tickets:assign', 'tickets:read_all', 'tickets:update'])
    assert.equal(data.unread, 2)
  })

  it('reads the token from the session cookie', async () => {
    const token = await loginAs(USERS.user)
    const req = new Request('http://localhost/api/auth/me', { headers: { Cookie: `theme=dark; sd_session=${token}` } })
    const user = await verifyAuth(req)
    assert.equal(user?.email, USERS.user)
    assert.equal((await me(req)).status, 200)
  })

  it('rejects missing, forged and foreign tokens', async () => {
    assert.equal((await me(request('/api/auth/me'))).status, 401)
    assert.equal((await me(request('/api/auth/me', { token: 'not.a.token' }))).status, 401)
    assert.equal(await verifyToken('eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOjF9.c2lnbmF0dXJl'), null)
  })

  it('refuses a wrong password, an unknown account and a deactivated one', async () => {
    const wrong = await login(request('/api/auth/login', { method: 'POST', body: { email: USERS.admin, password: 'nope-nope' } }))
    assert.equal(wrong.status, 401)
    const unknown = await login(request('/api/auth/login', { method: 'POST', body: { email: 'nobody@northwind.test', password: SEED_PASSWORD } }))
    assert.equal(unknown.status, 401)
    const inactive = await login(request('/api/auth/login', { method: 'POST', body: { email: USERS.inactive, password: SEED_PASSWORD } }))
    assert.equal(inactive.status, 401)
    const invalid = await login(request('/api/auth/login', { method: 'POST', body: { email: 'not-an-email' } }))
    assert.equal(invalid.status, 400)
  })

  it('registers a user in the organization named by its slug', async () => {
    const res = await register(
      request('/api/auth/register', {
        method: 'POST',
        body: { email: 'Hal@Contoso.test', name: 'Hal Newcomer', password: 'long-enough-1', organizationSlug: 'contoso' },
      })
    )
    assert.equal(res.status, 201)
    const data = await body<{ user: { id: number; email: string; role: string; organization_id: number }; token: string }>(res)
    assert.equal(data.user.email, 'hal@contoso.test')
    assert.equal(data.user.role, 'user')
    assert.equal(data.user.organization_id, 2)
    assert.ok(data.user.id > 7)
    assert.equal((await verifyToken(data.token))?.userId, data.user.id)

    assert.equal(await emailExists('hal@contoso.test'), true)
    assert.equal((await getUserByEmail('hal@contoso.test'))?.name, 'Hal Newcomer')
    assert.ok(await loginAs('hal@contoso.test', 'long-enough-1'))
  })

  it('refuses a taken e-mail, an unknown organization and a short password', async () => {
    const taken = await register(
      request('/api/auth/register', { method: 'POST', body: { email: USERS.agent, name: 'Ben Again', password: 'password456', organizationSlug: 'northwind' } })
    )
    assert.equal(taken.status, 409)
    const noOrg = await register(
      request('/api/auth/register', { method: 'POST', body: { email: 'x@else.test', name: 'Xavier', password: 'password456', organizationSlug: 'initech' } })
    )
    assert.equal(noOrg.status, 400)
    const short = await register(
      request('/api/auth/register', { method: 'POST', body: { email: 'y@northwind.test', name: 'Yara', password: 'short' } })
    )
    assert.equal(short.status, 400)
  })

  it('lets admins manage the users of their organization', async () => {
    const admin = await loginAs(USERS.admin)
    const all = await body(await listUsers(request('/api/users', { token: admin })))
    assert.deepEqual(all.users.map((u: { id: number }) => u.id), [1, 2, 3, 4, 5])
    const found = await body(await listUsers(request('/api/users?q=cleo', { token: admin })))
    assert.deepEqual(found.users.map((u: { email: string }) => u.email), ['cleo@northwind.test'])

    const promoted = await patchUser(request('/api/users/3', { method: 'PATCH', token: admin, body: { role: 'admin', team: 'Service Desk' } }), ctx(3))
    assert.equal((await body(promoted)).user.role, 'admin')
    assert.equal((await patchUser(request('/api/users/6', { method: 'PATCH', token: admin, body: { role: 'user' } }), ctx(6))).status, 404)
    const agent = await loginAs(USERS.agent)
    assert.equal((await patchUser(request('/api/users/4', { method: 'PATCH', token: agent, body: { role: 'admin' } }), ctx(4))).status, 403)
  })

  it('rejects the tokens of deactivated users', async () => {
    const admin = await loginAs(USERS.admin)
    const token = await loginAs(USERS.user)
    assert.equal((await me(request('/api/auth/me', { token }))).status, 200)
    assert.equal((await deactivateUser(request('/api/users/4', { method: 'DELETE', token: admin }), ctx(4))).status, 200)
    assert.equal((await me(request('/api/auth/me', { token }))).status, 401)
    assert.equal((await deactivateUser(request('/api/users/1', { method: 'DELETE', token: admin }), ctx(1))).status, 400)
  })
})
