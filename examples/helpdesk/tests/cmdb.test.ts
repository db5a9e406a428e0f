import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, params, USERS } from './helpers/http';
import { GET as listItems, POST as createItem } from '../app/api/cmdb/route';
import { GET as getRelationships, POST as addRelationship } from '../app/api/cmdb/[id]/relationships/route';

type ItemJson = { id: number; name: string; type: string; child_names: string | null; attributes: string };

describe('CMDB', () => {
  let agent: string;

  before(async () => {
    await resetDatabase();
    agent = await loginAs(USERS.agent);
  });
  after(async () => {
    await closeDatabase();
  });

  it('lists configuration items with their children', async () => {
    const data = (await (await listItems(jsonRequest('/api/cmdb', { token: agent }))).json()) as {
      items: ItemJson[];
      summary: Array<{ type: string; count: number }>;
    };
    assert.equal(data.items.length, 4);
    const app = data.items.find((i) => i.name === 'app-prod-01');
    assert.deepEqual(app?.child_names?.split(',').map((s) => s.trim()).sort(), ['core-switch-01', 'db-prod-01']);
    assert.equal(data.summary.find((s) => s.type === 'server')?.count, 2);

    const servers = (await (await listItems(jsonRequest('/api/cmdb?type=network', { token: agent }))).json()) as { items: ItemJson[] };
    assert.deepEqual(servers.items.map((i) => i.name), ['core-switch-01']);
  });

  it('creates an item and links it', async () => {
    const res = await createItem(
      jsonRequest('/api/cmdb', { method: 'POST', token: agent, body: { name: 'HR Portal', type: 'application', attributes: { url: 'https://hr.acme.test' } } })
    );
    assert.equal(res.status, 201);
    const { item } = (await res.json()) as { item: ItemJson };
    assert.equal(item.id, 6);
    assert.deepEqual(JSON.parse(item.attributes), { url: 'https://hr.acme.test' });

    const link = await addRelationship(
      jsonRequest(`/api/cmdb/${item.id}/relationships`, { method: 'POST', token: agent, body: { childId: 2, type: 'runs_on' } }),
      params(item.id)
    );
    assert.equal(link.status, 201);
    const linked = (await link.json()) as { created: boolean; children: Array<{ child_id: number; child_name: string }> };
    assert.equal(linked.created, true);
    assert.deepEqual(linked.children.map((c) => c.child_name), ['app-prod-01']);

    const again = await addRelationship(
      jsonRequest(`/api/cmdb/${item.id}/relationships`, { method: 'POST', token: agent, body: { childId: 2 } }),
      params(item.id)
    );
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { created: boolean }).created, false);
  });

  it('reports the impact of an outage', async () => {
    const res = await getRelationships(jsonRequest('/api/cmdb/1/relationships', { token: agent }), params(1));
    assert.equal(res.status, 200);
    const data = (await res.json()) as { parents: Array<{ parent_id: number }>; impact: Array<{ name: string; depth: number }> };
    assert.deepEqual(data.parents.map((p) => p.parent_id), [2]);
    const impact = Object.fromEntries(data.impact.map((n) => [n.name, n.depth]));
    assert.deepEqual(impact, { 'app-prod-01': 1, 'Customer Portal': 2, 'HR Portal': 2 });
  });

  it('rejects self links and foreign items', async () => {
    const self = await addRelationship(jsonRequest('/api/cmdb/1/relationships', { method: 'POST', token: agent, body: { childId: 1 } }), params(1));
    assert.equal(self.status, 400);
    const foreign = await addRelationship(jsonRequest('/api/cmdb/1/relationships', { method: 'POST', token: agent, body: { childId: 5 } }), params(1));
    assert.equal(foreign.status, 404);
  });
});
