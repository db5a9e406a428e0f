import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listTickets, POST as createTicket } from '../app/api/tickets/route'
import { DELETE as deleteTicket, GET as getTicket, PATCH as patchTicket } from '../app/api/tickets/[id]/route'
import { POST as bulkAssign } from '../app/api/tickets/bulk/route'
import { ticketQueries } from '../lib/db/queries/tickets'

type List = { tickets: Array<{ id: number; title: string; status: string; tags: string[]; requester_name: string }>; total: number; page: number }

describe('tickets', () => {
  let admin: string
  let agent: string
  let user: string
  let other: string

  before(async () => {
    await resetDatabase()
    admin = await loginAs(USERS.admin)
    agent = await loginAs(USERS.agent)
    user = await loginAs(USERS.user)
    other = await loginAs(USERS.otherAdmin)
  })
  after(async () => {
    await closeDatabase()
  })

  it('lists every ticket of the organization for agents, newest first', async () => {
    const res = await listTickets(request('/api/tickets', { token: agent }))
    assert.equal(res.status, 200)
    const data = await body<List>(res)
    assert.equal(data.total, 6)
    assert.deepEqual(data.tickets.map((t) => t.id), [3, 2, 1, 4, 6, 5])
    assert.deepEqual(data.tickets.find((t) => t.id === 1)?.tags, ['network', 'vpn'])
    assert.equal(data.tickets[0].requester_name, 'Cleo Agent')
  })

  it('shows requesters only their own tickets', async () => {
    const data = await body<List>(await listTickets(request('/api/tickets', { token: user })))
    assert.equal(data.total, 4)
    assert.deepEqual(data.tickets.map((t) => t.id).sort(), [1, 2, 4, 5])
  })

  it('filters by status list, priority, assignee, tag and text, and paginates', async () => {
    const q = async (query: string) => body<List>(await listTickets(request(`/api/tickets?${query}`, { token: agent })))
    assert.deepEqual((await q('status=new,open&sort=id&order=asc')).tickets.map((t) => t.id), [1, 2])
    assert.deepEqual((await q('priority=critical')).tickets.map((t) => t.id), [3])
    assert.deepEqual((await q('assignee=unassigned')).tickets.map((t) => t.id), [2])
    assert.deepEqual((await q('assignee=me&sort=id&order=asc')).tickets.map((t) => t.id), [1, 3, 6])
    assert.deepEqual((await q('tag=vpn')).tickets.map((t) => t.id), [1])
    assert.deepEqual((await q('q=VPN')).tickets.map((t) => t.id), [1])
    assert.equal((await q('sort=priority&order=asc')).tickets[0].id, 3)
    const page2 = await q('sort=id&order=asc&page=2&pageSize=4')
    assert.equal(page2.total, 6)
    assert.deepEqual(page2.tickets.map((t) => t.id), [5, 6])
  })

  it('requires a session', async () => {
    assert.equal((await listTickets(request('/api/tickets'))).status, 401)
  })

  it('creates a ticket with tags and an SLA due date', async () => {
    const res = await createTicket(
      request('/api/tickets', {
        method: 'POST',
        token: user,
        body: { title: 'Cannot connect to office Wi-Fi', description: 'Since this morning', priority: 'high', category_id: 2, tags: ['wifi', 'Laptop'] },
      })
    )
    assert.equal(res.status, 201)
    const { ticket } = await body(res)
    assert.equal(ticket.id, 8)
    assert.equal(ticket.status, 'new')
    assert.equal(ticket.requester_id, 4)
    assert.equal(ticket.category_name, 'Hardware')
    assert.deepEqual(ticket.tags, ['laptop', 'wifi'])
    const dueInHours = (new Date(String(ticket.sla_due_at).replace(' ', 'T').replace(/Z?$/, 'Z')).getTime() - Date.now()) / 3600_000
    assert.ok(dueInHours > 7.5 && dueInHours <= 8.1, `high priority is due in 8 hours, got ${dueInHours}`)

    const stored = await ticketQueries.getById(8)
    assert.equal(stored?.title, 'Cannot connect to office Wi-Fi')
  })

  it('rejects invalid tickets', async () => {
    const res = await createTicket(request('/api/tickets', { method: 'POST', token: user, body: { title: 'x', priority: 'urgent' } }))
    assert.equal(res.status, 400)
  })

  it('reads one ticket with its comment count, within the organization', async () => {
    const res = await getTicket(request('/api/tickets/1', { token: agent }), ctx(1))
    assert.equal(res.status, 200)
    const { ticket } = await body(res)
    assert.equal(ticket.title, 'VPN drops every 10 minutes')
    assert.equal(ticket.assignee_name, 'Ben Agent')
    assert.equal(ticket.comment_count, 3)
    assert.equal((await getTicket(request('/api/tickets/1', { token: other }), ctx(1))).status, 404)
    assert.equal((await getTicket(request('/api/tickets/3', { token: user }), ctx(3))).status, 404)
    assert.equal((await getTicket(request('/api/tickets/999', { token: agent }), ctx(999))).status, 404)
  })

  it('lets agents update status and assignee, stamping resolution time', async () => {
    const res = await patchTicket(
      request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'in_progress', assignee_id: 2 } }),
      ctx(2)
    )
    assert.equal(res.status, 200)
    const { ticket } = await body(res)
    assert.equal(ticket.status, 'in_progress')
    assert.equal(ticket.assignee_id, 2)
    assert.equal(ticket.resolved_at, null)

    const resolved = await body(await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'resolved' } }), ctx(2)))
    assert.equal(resolved.ticket.status, 'resolved')
    assert.ok(resolved.ticket.resolved_at)
  })

  it('lets requesters edit the text of their own ticket but nothing else', async () => {
    const ok = await patchTicket(request('/api/tickets/1', { method: 'PATCH', token: user, body: { title: 'VPN drops every 5 minutes' } }), ctx(1))
    assert.equal(ok.status, 200)
    assert.equal((await body(ok)).ticket.title, 'VPN drops every 5 minutes')
    const denied = await patchTicket(request('/api/tickets/1', { method: 'PATCH', token: user, body: { priority: 'critical' } }), ctx(1))
    assert.equal(denied.status, 403)
  })

  it('assigns tickets in bulk, within the organization', async () => {
    const res = await bulkAssign(request('/api/tickets/bulk', { method: 'POST', token: agent, body: { ids: [6, 7, 2, 999], assignee_id: 3 } }))
    assert.equal(res.status, 200)
    assert.deepEqual((await body(res)).assigned, [6, 2])
    assert.equal((await body(await getTicket(request('/api/tickets/2', { token: agent }), ctx(2)))).ticket.assignee_id, 3)
    assert.equal((await body(await getTicket(request('/api/tickets/6', { token: agent }), ctx(6)))).ticket.assignee_id, 3)
    assert.equal((await body(await getTicket(request('/api/tickets/7', { token: await loginAs(USERS.otherAdmin) }), ctx(7)))).ticket.assignee_id, 6)
    const queue = await bulkAssign(request('/api/tickets/bulk', { method: 'POST', token: agent, body: { ids: [6], assignee_id: null } }))
    assert.deepEqual((await body(queue)).assigned, [6])
    assert.equal((await bulkAssign(request('/api/tickets/bulk', { method: 'POST', token: user, body: { ids: [1], assignee_id: 3 } }))).status, 403)
    assert.equal((await bulkAssign(request('/api/tickets/bulk', { method: 'POST', token: agent, body: { ids: 'all' } }))).status, 400)
  })

  it('deletes tickets for admins only', async () => {
    assert.equal((await deleteTicket(request('/api/tickets/5', { method: 'DELETE', token: user }), ctx(5))).status, 403)
    assert.equal((await deleteTicket(request('/api/tickets/5', { method: 'DELETE', token: agent }), ctx(5))).status, 403)
    assert.equal((await deleteTicket(request('/api/tickets/5', { method: 'DELETE', token: admin }), ctx(5))).status, 204)
    assert.equal((await getTicket(request('/api/tickets/5', { token: admin }), ctx(5))).status, 404)
    assert.equal((await deleteTicket(request('/api/tickets/7', { method: 'DELETE', token: admin }), ctx(7))).status, 404)
  })
})
