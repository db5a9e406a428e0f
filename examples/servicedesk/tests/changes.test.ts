import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listChanges, POST as createChange } from '../app/api/changes/route'
import { POST as decide } from '../app/api/changes/[id]/approve/route'
import { unreadCount } from '../lib/notifications/notification-service'

describe('change requests', () => {
  let admin: string
  let agent: string

  before(async () => {
    await resetDatabase()
    admin = await loginAs(USERS.admin)
    agent = await loginAs(USERS.agent)
  })
  after(async () => {
    await closeDatabase()
  })

  it('lists changes with their approval counts', async () => {
    const { changes } = await body(await listChanges(request('/api/changes', { token: agent })))
    assert.deepEqual(
      changes.map((c: { id: number; status: string; approvals: number }) => [c.id, c.status, c.approvals]),
      [
        [3, 'approved', 0],
        [2, 'pending_approval', 0],
        [1, 'pending_approval', 1],
      ]
    )
    const pending = await body(await listChanges(request('/api/changes?status=pending_approval', { token: agent })))
    assert.equal(pending.changes.length, 2)
  })

  it('pre-approves low-risk changes and asks admins to approve the others', async () => {
    const low = await body(await createChange(request('/api/changes', { method: 'POST', token: agent, body: { title: 'Patch web servers', risk: 'low' } })))
    assert.equal(low.change.status, 'approved')
    assert.equal(await unreadCount(1), 0)

    const res = await createChange(request('/api/changes', { method: 'POST', token: agent, body: { title: 'Migrate mail relay', risk: 'medium' } }))
    assert.equal(res.status, 201)
    const medium = await body(res)
    assert.equal(medium.change.status, 'pending_approval')
    assert.equal(medium.change.requested_by, 2)
    assert.equal(await unreadCount(1), 1)
  })

  it('approves when enough approvers agreed', async () => {
    const res = await decide(request('/api/changes/2/approve', { method: 'POST', token: admin, body: { decision: 'approved' } }), ctx(2))
    assert.equal(res.status, 200)
    assert.equal((await body(res)).change.status, 'approved')

    // high risk needs two approvals: Ada approving again does not count twice
    const high = await decide(request('/api/changes/1/approve', { method: 'POST', token: admin, body: { decision: 'approved', comment: 'still fine' } }), ctx(1))
    assert.equal((await body(high)).change.status, 'pending_approval')
  })

  it('rejects, and refuses decisions that are not allowed', async () => {
    assert.equal((await decide(request('/api/changes/1/approve', { method: 'POST', token: agent, body: { decision: 'approved' } }), ctx(1))).status, 403)
    const rejected = await decide(request('/api/changes/1/approve', { method: 'POST', token: admin, body: { decision: 'rejected' } }), ctx(1))
    assert.equal((await body(rejected)).change.status, 'rejected')
    assert.equal((await decide(request('/api/changes/1/approve', { method: 'POST', token: admin, body: { decision: 'approved' } }), ctx(1))).status, 409)

    const own = await body(await createChange(request('/api/changes', { method: 'POST', token: admin, body: { title: 'Admin change', risk: 'high' } })))
    const self = await decide(request(`/api/changes/${own.change.id}/approve`, { method: 'POST', token: admin, body: { decision: 'approved' } }), ctx(own.change.id))
    assert.equal(self.status, 409)
    assert.equal((await decide(request('/api/changes/99/approve', { method: 'POST', token: admin, body: { decision: 'approved' } }), ctx(99))).status, 404)
    assert.equal((await decide(request('/api/changes/2/approve', { method: 'POST', token: admin, body: { decision: 'maybe' } }), ctx(2))).status, 400)
  })
})
