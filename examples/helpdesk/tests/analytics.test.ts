import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, USERS } from './helpers/http';
import { GET as overview } from '../app/api/analytics/overview/route';
import { POST as track } from '../app/api/analytics/events/route';
import { GET as slaReport } from '../app/api/reports/sla/route';
import { getEventsForTicket } from '../lib/analytics/events';

type OverviewJson = {
  overview: {
    ticketsByMonth: Array<{ month: string; count: number }>;
    avgResolutionHours: number | null;
    resolutionByPriority: Array<{ priority: string; avg_hours: number; resolved: number }>;
    eventsByChannel: Array<{ channel: string; count: number }>;
    topCategories: Array<{ name: string; count: number }>;
  };
  eventTypes: Array<{ event_type: string; count: number }>;
};

describe('analytics overview', () => {
  let admin: string;

  before(async () => {
    await resetDatabase();
    admin = await loginAs(USERS.admin);
  });
  after(async () => {
    await closeDatabase();
  });

  it('computes volumes and resolution times from the seed data', async () => {
    const res = await overview(jsonRequest('/api/analytics/overview', { token: admin }));
    assert.equal(res.status, 200);
    const { overview: o, eventTypes } = (await res.json()) as OverviewJson;

    assert.deepEqual(o.ticketsByMonth, [{ month: '2024-05', count: 8 }]);
    assert.equal(o.avgResolutionHours, 39); // 30h and 48h
    const byPriority = Object.fromEntries(o.resolutionByPriority.map((r) => [r.priority, r]));
    assert.equal(Math.round(byPriority.high.avg_hours), 30);
    assert.equal(Math.round(byPriority.low.avg_hours), 48);

    const channels = Object.fromEntries(o.eventsByChannel.map((c) => [c.channel, Number(c.count)]));
    assert.equal(channels.portal, 4);
    assert.equal(channels.email, 1);

    assert.deepEqual(o.topCategories[0], { name: 'Software', count: 3 });
    assert.ok(eventTypes.some((e) => e.event_type === 'ticket_created' && Number(e.count) === 3));
  });

  it('records events and finds them by ticket', async () => {
    const res = await track(
      jsonRequest('/api/analytics/events', { method: 'POST', token: admin, body: { type: 'ticket_viewed', payload: { ticket_id: 4, channel: 'portal' } } })
    );
    assert.equal(res.status, 201);
    const events = await getEventsForTicket(4);
    assert.deepEqual(events.map((e) => e.event_type), ['ticket_resolved', 'ticket_viewed']);
  });

  it('reports a month: tickets created and resolved, and who resolved them', async () => {
    const res = await slaReport(jsonRequest('/api/reports/sla?month=2024-05', { token: admin }));
    assert.equal(res.status, 200);
    const { monthly } = (await res.json()) as { monthly: { month: string; created: number; resolved: number; topAssignees: Array<{ name: string; resolved: number }> } };
    assert.equal(monthly.created, 8);
    assert.equal(monthly.resolved, 2);
    assert.deepEqual(
      monthly.topAssignees.map((a) => [a.name, Number(a.resolved)]),
      [
        ['Bob Agent', 1],
        ['Carol Agent', 1],
      ]
    );
  });

  it('is not available to end users', async () => {
    const token = await loginAs(USERS.user);
    assert.equal((await overview(jsonRequest('/api/analytics/overview', { token }))).status, 403);
  });
});
