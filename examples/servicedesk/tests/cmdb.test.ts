import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as listAssets, POST as createAsset } from '../app/api/cmdb/route'
import { DELETE as retireAsset, GET as getAsset } from '../app/api/cmdb/[id]/route'
import { getImpactedAssets } from '../lib/cmdb/impact'
import { getDatabase } from '../lib/db/connection'

type Assets = { assets: Array<{ id: number; asset_tag: string; name: string }>; byType: Array<{ ci_type: string; count: number; tags: string }> }

describe('CMDB', () => {
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

  it('lists the configuration items of the organization with counts per type', async () => {
    const data = await body<Assets>(await listAssets(request('/api/cmdb', { token: agent })))
    assert.deepEqual(data.assets.map((a) => a.asset_tag).sort(), ['APP-001', 'APP-002', 'DB-001', 'LAP-042', 'NET-001'])
    const apps = data.byType.find((t) => t.ci_type === 'application')
    assert.equal(apps?.count, 2)
    assert.deepEqual(apps?.tags.split(',').sort(), ['APP-001', 'APP-002'])
  })

  it('filters by type and by the environment attribute', async () => {
    const laptops = await body<Assets>(await listAssets(request('/api/cmdb?type=laptop', { token: agent })))
    assert.deepEqual(laptops.assets.map((a) => a.asset_tag), ['LAP-042'])
    const prod = await body<Assets>(await listAssets(request('/api/cmdb?environment=production', { token: agent })))
    assert.deepEqual(prod.assets.map((a) => a.asset_tag).sort(), ['APP-001', 'DB-001', 'NET-001'])
  })

  it('shows relationships and the impact of an outage', async () => {
    const res = await getAsset(request('/api/cmdb/1', { token: agent }), ctx(1))
    assert.equal(res.status, 200)
    const data = await body(res)
    assert.equal(data.asset.attributes.environment, 'production')
    assert.deepEqual(data.relationships.usedBy.map((a: { name: string }) => a.name), ['CRM'])
    assert.deepEqual(
      data.impact.impacted.map((a: { name: string; depth: number }) => [a.name, a.depth]),
      [['CRM', 1], ['HR portal', 2]]
    )
    assert.equal(data.impact.critical, 0)
    assert.deepEqual(data.impact.openTickets.map((t: { id: number }) => t.id), [3])

    const other = await loginAs(USERS.otherAdmin)
    assert.equal((await getAsset(request('/api/cmdb/1', { token: other }), ctx(1))).status, 404)
  })

  it('creates an asset with its dependencies', async () => {
    const res = await createAsset(
      request('/api/cmdb', {
        method: 'POST',
        token: agent,
        body: { name: 'Backup server', asset_tag: 'SRV-010', ci_type: 'server', criticality: 'critical', attributes: { environment: 'production' }, depends_on: [1] },
      })
    )
    assert.equal(res.status, 201)
    const { asset } = await body(res)
    assert.equal(asset.asset_tag, 'SRV-010')
    assert.equal(asset.status, 'active')

    const impacted = await getImpactedAssets(getDatabase(), 1)
    assert.deepEqual(impacted.map((a) => a.name).sort(), ['Backup server', 'CRM', 'HR portal'])

    const dup = await createAsset(request('/api/cmdb', { method: 'POST', token: agent, body: { name: 'Again', asset_tag: 'SRV-010', ci_type: 'server' } }))
    assert.equal(dup.status, 409)
    const denied = await createAsset(request('/api/cmdb', { method: 'POST', token: user, body: { name: 'Mine', asset_tag: 'LAP-999', ci_type: 'laptop' } }))
    assert.equal(denied.status, 403)
  })

  it('retires an asset once', async () => {
    assert.equal((await retireAsset(request('/api/cmdb/5', { method: 'DELETE', token: agent }), ctx(5))).status, 200)
    assert.equal((await retireAsset(request('/api/cmdb/5', { method: 'DELETE', token: agent }), ctx(5))).status, 404)
    const active = await body<Assets>(await listAssets(request('/api/cmdb?status=active', { token: agent })))
    assert.ok(!active.assets.some((a) => a.asset_tag === 'LAP-042'))
  })
})
