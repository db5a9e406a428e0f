import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, USERS } from './helpers/http';
import { GET as summary } from '../app/api/dashboard/summary/route';
import { getDashboardSummary } from '../lib/dashboard/stats';

type SummaryJson = {
  summary: {
    totalTickets: number;
    openTickets: number;
    byStatus: Record<string, number>;
    byPriority: Record<string, number>;
    unassigned: number;
    activeAgents: number;
    activeUsers: number;
    publishedArticles: number;
    recentTickets: Array<{ id: number }>;
  };
  workload: Array<{ id: number; name: string; open_count: number }>;
  unreadNotifications: number;
};

describe('dashboard summary', () => {
  before(async () => {
    await resetDatabase();
  });
  after(async () => {
    await closeDatabase();
  });

  it('matches the seed data', async () => {
    const token = await loginAs(USERS.agent);
    const res = await summary(jsonRequest('/api/dashboard/summary', { token }));
    assert.equal(res.status, 200);
    const data = (await res.json()) as SummaryJson;
    const s = data.summary;

    assert.equal(s.totalTickets, 8);
    assert.equal(s.openTickets, 6);
    assert.deepEqual(s.byStatus, { open: 3, in_progress: 2, pending: 1, resolved: 1, closed: 1 });
    assert.deepEqual(s.byPriority, { critical: 1, high: 2, medium: 2, low: 3 });
    assert.equal(s.unassigned, 1);
    assert.equal(s.activeAgents, 3);
    assert.equal(s.activeUsers, 4);
    assert.equal(s.publishedArticles, 2);
    assert.deepEqual(s.recentTickets.map((t) => t.id), [8, 7, 6, 5, 4]);
    assert.equal(data.unreadNotifications, 2);

    const bob = data.workload.find((w) => w.name === 'Bob Agent');
    assert.equal(bob?.open_count, 3); // tickets 1, 3 and 8
  });

  it('is scoped to the organization', async () => {
    const s = await getDashboardSummary(2);
    assert.equal(s.totalTickets, 2);
    assert.equal(s.openTickets, 1);
    assert.equal(s.publishedArticles, 1);
  });

  it('requires authentication', async () => {
    assert.equal((await summary(jsonRequest('/api/dashboard/summary'))).status, 401);
  });
});
