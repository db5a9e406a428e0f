import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listWorkflows, POST as createWorkflow } from '../app/api/workflows/route'
import { GET as getWorkflow, PATCH as patchWorkflow } from '../app/api/workflows/[id]/route'
import { POST as createTicket } from '../app/api/tickets/route'
import { PATCH as patchTicket } from '../app/api/tickets/[id]/route'
import { GET as listNotifications } from '../app/api/notifications/route'
import { runWorkflows } from '../lib/workflows/engine'

describe('workflows', () => {
  let admin: string
  let agent: string
  let user: string

  before(async () => {
    await resetDatabase()
    admin = await loginAs(USERS.admin)
    agent = await loginAs(USERS.agent)
    user = await loginAs(USERS.user)
  })
  after(async () => {
    await closeDatabase()
  })

  it('lists workflows with their step counts, for admins only', async () => {
    const res = await listWorkflows(request('/api/workflows', { token: admin }))
    assert.equal(res.status, 200)
    const { workflows, activeOnCreate } = await body(res)
    assert.equal(activeOnCreate, 2)
    assert.deepEqual(
      workflows.map((w: { name: string; step_count: number; run_count: number }) => [w.name, w.step_count, w.run_count]),
      [
        ['Escalate critical incidents', 2, 0],
        ['Tag network tickets', 1, 0],
        ['Auto-close resolved tickets', 1, 0],
      ]
    )
    assert.equal((await listWorkflows(request('/api/workflows', { token: agent }))).status, 403)
  })

  it('assigns critical incidents and notifies the admin when they are raised', async () => {
    const res = await createTicket(request('/api/tickets', { method: 'POST', token: user, body: { title: 'Everything is down', priority: 'critical' } }))
    const { ticket } = await body(res)
    assert.equal(ticket.assignee_id, 2)
    assert.equal(ticket.assignee_name, 'Ben Agent')

    const inbox = await body(await listNotifications(request('/api/notifications', { token: admin })))
    assert.equal(inbox.notifications[0].title, 'Critical ticket raised')
    assert.equal(inbox.notifications[0].ticket_id, ticket.id)

    const { workflows } = await body(await listWorkflows(request('/api/workflows', { token: admin })))
    assert.equal(workflows[0].run_count, 1)
    assert.ok(workflows[0].last_run_at)
  })

  it('tags tickets of the Network category', async () => {
    const { ticket } = await body(
      await createTicket(request('/api/tickets', { method: 'POST', token: user, body: { title: 'Wi-Fi is slow', category_id: 1 } }))
    )
    assert.deepEqual(ticket.tags, ['network'])
    assert.equal(ticket.assignee_id, null)
  })

  it('creates a workflow with ordered steps that runs on the next ticket', async () => {
    const res = await createWorkflow(
      request('/api/workflows', {
        method: 'POST',
        token: admin,
        body: {
          name: 'Hardware to Cleo',
          trigger_event: 'ticket.created',
          conditions: { category_id: '2' },
          steps: [
            { action_type: 'assign', config: { user_id: 3 } },
            { action_type: 'set_status', config: { status: 'open' } },
          ],
        },
      })
    )
    assert.equal(res.status, 201)
    const { workflow } = await body(res)
    assert.equal(workflow.name, 'Hardware to Cleo')
    assert.ok(workflow.is_active)
    assert.deepEqual(workflow.steps.map((s: { step_order: number; action_type: string }) => [s.step_order, s.action_type]), [
      [1, 'assign'],
      [2, 'set_status'],
    ])

    const { ticket } = await body(
      await createTicket(request('/api/tickets', { method: 'POST', token: user, body: { title: 'Keyboard missing keys', category_id: 2 } }))
    )
    assert.equal(ticket.assignee_id, 3)
    assert.equal(ticket.status, 'open')

    const invalid = await createWorkflow(request('/api/workflows', { method: 'POST', token: admin, body: { name: 'No steps', trigger_event: 'ticket.created', steps: [] } }))
    assert.equal(invalid.status, 400)
  })

  it('stops running a workflow once it is switched off', async () => {
    const res = await patchWorkflow(request('/api/workflows/1', { method: 'PATCH', token: admin, body: { active: false } }), ctx(1))
    assert.equal(res.status, 200)
    assert.ok(!(await body(res)).workflow.is_active)

    const { ticket } = await body(await createTicket(request('/api/tickets', { method: 'POST', token: user, body: { title: 'Mail is down', priority: 'critical' } })))
    assert.equal(ticket.assignee_id, null)
    assert.deepEqual(await runWorkflows('ticket.created', ticket.id), [])
  })

  it('leaves inactive update workflows alone', async () => {
    const res = await patchTicket(request('/api/tickets/2', { method: 'PATCH', token: agent, body: { status: 'resolved' } }), ctx(2))
    assert.equal((await body(res)).ticket.status, 'resolved')
    const detail = await body(await getWorkflow(request('/api/workflows/3', { token: admin }), ctx(3)))
    assert.equal(detail.workflow.steps.length, 1)
    assert.equal((await getWorkflow(request('/api/workflows/99', { token: admin }), ctx(99))).status, 404)
  })
})
