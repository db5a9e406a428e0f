import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, execSql, resetDatabase } from './helpers/reset'
import { body, loginAs, request, USERS } from './helpers/http'
import { GET as dashboard } from '../app/api/dashboard/route'
import { getTicketSummary, getTeamQueues } from '../lib/dashboard/metrics'

describe('dashboard', () => {
  before(async () => {
    await resetDatabase()
  })
  after(async () => {
    await closeDatabase()
  })

  it('summarises the organization for agents', async () => {
    const token = await loginAs(USERS.agent)
    const res = await dashboard(request('/api/dashboard', { token }))
    assert.equal(res.status, 200)
    const data = await body(res)
    assert.deepEqual(data.summary, { total: 6, open: 2, inProgress: 1, resolved: 3, breached: 1, unassigned: 1 })
    assert.deepEqual(data.teams, [
      { team: 'Infrastructure', open: 2 },
      { team: 'Workplace', open: 0 },
    ])
    assert.deepEqual(data.myOverdue, [{ id: 1, title: 'VPN drops every 10 minutes' }])
    assert.equal(data.unreadNotifications, 2)
    assert.equal(data.oldestOpen.id, 1)
    assert.equal(data.createdThisWeek, 5)
  })

  it('shows agent workload and recent public activity', async () => {
    const token = await loginAs(USERS.admin)
    const data = await body(await dashboard(request('/api/dashboard', { token })))
    assert.equal(data.workload[0].name, 'Ben Agent')
    assert.equal(data.workload[0].open_tickets, 2)
    assert.deepEqual(
      data.workload.map((w: { id: number }) => w.id),
      [2, 1, 3]
    )
    assert.equal(data.recent.length, 4)
    assert.equal(data.recent[0].title, 'CRM is very slow')
    assert.ok(data.recent.every((r: { body?: string }) => r.body === undefined))
  })

  it('still renders when the recent-activity query fails', async () => {
    const token = await loginAs(USERS.admin)
    await execSql('ALTER TABLE ticket_comments RENAME TO ticket_comments_moved')
    try {
      const res = await dashboard(request('/api/dashboard', { token }))
      assert.equal(res.status, 200)
      const data = await body(res)
      assert.deepEqual(data.recent, [])
      assert.equal(data.summary.total, 6)
    } finally {
      await execSql('ALTER TABLE ticket_comments_moved RENAME TO ticket_comments')
    }
  })

  it('reports resolution statistics', async () => {
    const token = await loginAs(USERS.admin)
    const { resolution } = await body(await dashboard(request('/api/dashboard', { token })))
    assert.equal(resolution.resolvedCount, 3)
    // 18 h, 22 h and 24 h
    assert.ok(Math.abs(resolution.avgResolutionHours - 21.33) < 0.05, String(resolution.avgResolutionHours))
  })

  it('gives requesters a count of their own tickets only', async () => {
    const token = await loginAs(USERS.user)
    const data = await body(await dashboard(request('/api/dashboard', { token })))
    assert.deepEqual(data, { myTickets: 4, open: 2 })
    assert.equal((await dashboard(request('/api/dashboard'))).status, 401)
  })

  it('computes the summary per organization', async () => {
    const contoso = await getTicketSummary(2)
    assert.equal(contoso.total, 1)
    assert.equal(contoso.open, 1)
    assert.deepEqual(await getTeamQueues(2), [{ team: 'Web', open: 1 }])
  })
})
