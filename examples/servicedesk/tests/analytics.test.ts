import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, loginAs, request, USERS } from './helpers/http'
import { GET as overview } from '../app/api/analytics/overview/route'
import { GET as sla } from '../app/api/analytics/sla/route'
import { escalateBreaches, getPolicy } from '../lib/sla/sla-service'

describe('analytics', () => {
  let admin: string

  before(async () => {
    await resetDatabase()
    admin = await loginAs(USERS.admin)
  })
  after(async () => {
    await closeDatabase()
  })

  it('counts tickets per day over the last week', async () => {
    const data = await body(await overview(request('/api/analytics/overview', { token: admin })))
    const perDay = data.perDay as { day: string; created: number }[]
    assert.equal(perDay.reduce((sum, d) => sum + d.created, 0), 5)
    assert.ok(perDay.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day)))
    assert.deepEqual(perDay.map((d) => d.day), [...perDay.map((d) => d.day)].sort())
  })

  it('breaks tickets down by priority with average satisfaction', async () => {
    const data = await body(await overview(request('/api/analytics/overview', { token: admin })))
    const byPriority = Object.fromEntries(
      (data.byPriority as { priority: string; count: number; avg_satisfaction: number | null }[]).map((p) => [p.priority, p])
    )
    assert.equal(byPriority.high.count, 2)
    assert.equal(byPriority.high.avg_satisfaction, 2)
    assert.equal(byPriority.medium.avg_satisfaction, 3.75)
    assert.equal(byPriority.critical.avg_satisfaction, null)
    assert.deepEqual(data.byCategory, { Access: 1, Hardware: 2, Network: 1, Software: 2 })
    assert.equal(data.mttrHours, 21.3)
    assert.deepEqual(data.satisfaction[0], { name: 'Cleo Agent', score: 3.75, rated: 2 })
  })

  it('is for staff with analytics:view only', async () => {
    const user = await loginAs(USERS.user)
    assert.equal((await overview(request('/api/analytics/overview', { token: user }))).status, 403)
    const agent = await loginAs(USERS.agent)
    assert.equal((await overview(request('/api/analytics/overview', { token: agent }))).status, 200)
  })

  it('lists SLA breaches and compliance per priority', async () => {
    const data = await body(await sla(request('/api/analytics/sla', { token: admin })))
    assert.equal(data.breachCount, 1)
    assert.equal(data.breaches[0].id, 1)
    assert.ok(Math.abs(data.breaches[0].hours_overdue - 24) <= 0.2)
    const compliance = Object.fromEntries((data.compliance as { priority: string }[]).map((c) => [c.priority, c]))
    assert.deepEqual(compliance.medium, { priority: 'medium', total: 2, met: 2, rate: 100 })
    assert.deepEqual(compliance.high, { priority: 'high', total: 1, met: 0, rate: 0 })
    assert.equal(data.policies.length, 4)
  })

  it('escalates breached tickets one priority step', async () => {
    assert.equal((await getPolicy(1, 'critical'))?.resolution_minutes, 240)
    const escalated = await escalateBreaches(1)
    assert.deepEqual(
      escalated.map((t) => [t.id, t.priority]),
      [[1, 'critical']]
    )
    assert.deepEqual(await escalateBreaches(1), [])
  })
})
