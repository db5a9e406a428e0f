import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listNotifications, PATCH as markNotifications } from '../app/api/notifications/route'
import { GET as getPreferences, PUT as putPreference } from '../app/api/notifications/preferences/route'
import { PATCH as patchTicket } from '../app/api/tickets/[id]/route'
import { createNotification, unreadCount } from '../lib/notifications/notification-service'

describe('notifications', () => {
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

  it('lists a user\'s notifications, newest first, with the unread count', async () => {
    const data = await body(await listNotifications(request('/api/notifications', { token: agent })))
    assert.deepEqual(
      data.notifications.map((n: { title: string }) => n.title),
      ['Ticket #3 assigned to you', 'Ticket #1 assigned to you']
    )
    assert.equal(data.unread, 2)
    const unreadOnly = await body(await listNotifications(request('/api/notifications?unread=1', { token: user })))
    assert.equal(unreadOnly.notifications.length, 0)
  })

  it('marks chosen notifications read, never someone else\'s', async () => {
    const res = await markNotifications(request('/api/notifications', { method: 'PATCH', token: agent, body: { ids: [1, 3] } }))
    assert.deepEqual(await body(res), { updated: 1, unread: 1 })
    const all = await markNotifications(request('/api/notifications', { method: 'PATCH', token: agent, body: { all: true } }))
    assert.equal((await body(all)).updated, 1)
    assert.equal(await unreadCount(2), 0)
    const bad = await markNotifications(request('/api/notifications', { method: 'PATCH', token: agent, body: { ids: 'all' } }))
    assert.equal(bad.status, 400)
  })

  it('notifies the requester of status changes unless muted', async () => {
    await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'open' } }), ctx(2))
    let inbox = await body(await listNotifications(request('/api/notifications', { token: user })))
    assert.equal(inbox.notifications[0].title, 'Ticket #2 is now open')
    assert.equal(inbox.unread, 1)

    const res = await putPreference(request('/api/notifications/preferences', { method: 'PUT', token: user, body: { event_type: 'ticket.status_changed', enabled: false } }))
    assert.equal(res.status, 200)
    await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'pending' } }), ctx(2))
    inbox = await body(await listNotifications(request('/api/notifications', { token: user })))
    assert.equal(inbox.unread, 1)

    await putPreference(request('/api/notifications/preferences', { method: 'PUT', token: user, body: { event_type: 'ticket.status_changed', enabled: true } }))
    const prefs = await body(await getPreferences(request('/api/notifications/preferences', { token: user })))
    assert.equal(prefs.preferences.length, 1)
    assert.ok(prefs.preferences[0].enabled)
    await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'in_progress' } }), ctx(2))
    inbox = await body(await listNotifications(request('/api/notifications', { token: user })))
    assert.equal(inbox.unread, 2)
  })

  it('respects the seed preference that mutes assignments for Cleo', async () => {
    await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { assignee_id: 3 } }), ctx(2))
    assert.equal(await unreadCount(3), 0)
    await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { assignee_id: 2 } }), ctx(2))
    assert.equal(await unreadCount(2), 1)
  })

  it('drops duplicates by key', async () => {
    const first = await createNotification({ userId: 4, type: 'reminder', title: 'Rate your ticket', dedupeKey: 'rate:4' })
    const again = await createNotification({ userId: 4, type: 'reminder', title: 'Rate your ticket', dedupeKey: 'rate:4' })
    assert.equal(first, true)
    assert.equal(again, false)
  })
})
