import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listComments, POST as addComment } from '../app/api/tickets/[id]/comments/route'
import { GET as getTicket } from '../app/api/tickets/[id]/route'
import { countComments } from '../lib/tickets/comments'
import { listNotifications, unreadCount } from '../lib/notifications/notification-service'

describe('ticket comments', () => {
  let agent: string
  let user: string

  before(async () => {
    await resetDatabase()
    agent = await loginAs(USERS.agent)
    user = await loginAs(USERS.user)
  })
  after(async () => {
    await closeDatabase()
  })

  it('hides internal notes from the requester', async () => {
    const forAgent = await body(await listComments(request('/api/tickets/1/comments', { token: agent }), ctx(1)))
    assert.equal(forAgent.comments.length, 3)
    assert.equal(forAgent.comments[0].author_name, 'Ben Agent')
    const forUser = await body(await listComments(request('/api/tickets/1/comments', { token: user }), ctx(1)))
    assert.deepEqual(
      forUser.comments.map((c: { body: string }) => c.body),
      ['Checking the VPN gateway logs.', 'Still happening this morning.']
    )
  })

  it('records the first response and notifies the requester when an agent replies', async () => {
    const before = await body(await getTicket(request('/api/tickets/2', { token: agent }), ctx(2)))
    assert.equal(before.ticket.first_response_at, null)

    const res = await addComment(request('/api/tickets/2/comments', { method: 'POST', token: agent, body: { body: 'Can you send a photo of the screen?' } }), ctx(2))
    assert.equal(res.status, 201)
    const { comment } = await body(res)
    assert.equal(comment.author_name, 'Ben Agent')
    assert.equal(comment.ticket_id, 2)
    assert.ok(!comment.is_internal)

    const after = await body(await getTicket(request('/api/tickets/2', { token: agent }), ctx(2)))
    assert.ok(after.ticket.first_response_at)
    assert.equal(after.ticket.comment_count, 1)

    const inbox = await listNotifications(4)
    assert.equal(inbox[0].title, 'New reply on #2')
    assert.equal(await unreadCount(4), 1)
  })

  it('does not let requesters write internal notes or reply to tickets they cannot see', async () => {
    const res = await addComment(request('/api/tickets/2/comments', { method: 'POST', token: user, body: { body: 'Photo attached', is_internal: true } }), ctx(2))
    assert.equal(res.status, 201)
    assert.ok(!(await body(res)).comment.is_internal)
    assert.equal(await countComments(2), 2)

    const hidden = await addComment(request('/api/tickets/3/comments', { method: 'POST', token: user, body: { body: 'me too' } }), ctx(3))
    assert.equal(hidden.status, 404)
    const empty = await addComment(request('/api/tickets/2/comments', { method: 'POST', token: user, body: { body: '' } }), ctx(2))
    assert.equal(empty.status, 400)
  })
})
