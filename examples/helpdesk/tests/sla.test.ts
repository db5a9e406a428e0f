import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import {
  ensureEscalationTable,
  escalate,
  escalationsOf,
  hasDueDates,
  listSlaPolicies,
  markBreaches,
  overdueTickets,
  setDueDate,
  setSlaPolicy,
  tagTicket,
} from '../lib/tickets/sla';

describe('SLA: due dates, policies, tags and escalations', () => {
  before(async () => {
    await resetDatabase();
  });
  after(async () => {
    await closeDatabase();
  });

  it('sees the due-date columns of the migrations', async () => {
    assert.equal(await hasDueDates(), true);
  });

  it('keeps one policy per priority, rounded to a tenth of an hour', async () => {
    await setSlaPolicy(1, 'high', 4.25);
    await setSlaPolicy(1, 'low', 48);
    await setSlaPolicy(1, 'high', 3.96);
    const policies = await listSlaPolicies(1);
    assert.deepEqual(
      policies.map((p) => [p.priority, Number(p.response_hours)]),
      [
        ['high', 4],
        ['low', 48],
      ]
    );
  });

  it('lists overdue open tickets with their tags and flags the breaches', async () => {
    await setDueDate(1, '2024-05-02 08:30:00');
    await setDueDate(2, '2024-05-03 09:15:00');
    await setDueDate(4, '2024-05-04 12:00:00'); // resolved: never overdue
    const first = await tagTicket(1, 1, 'Hardware');
    const again = await tagTicket(1, 1, 'hardware');
    assert.equal(again, first, 'tag names ignore case');
    await tagTicket(1, 1, 'urgent');
    const overdue = await overdueTickets(1, '2024-06-01 00:00:00');
    assert.deepEqual(
      overdue.map((t) => [t.id, Number(t.tag_count)]),
      [
        [1, 2],
        [2, 0],
      ]
    );
    assert.equal(await markBreaches(1, '2024-06-01 00:00:00'), 2);
  });

  it('creates the escalation table on first use, twice without harm', async () => {
    await ensureEscalationTable();
    await ensureEscalationTable();
    const id = await escalate(1, 'customer called twice');
    assert.ok(id > 0);
    const rows = await escalationsOf(1);
    assert.deepEqual(
      rows.map((r) => [r.level, r.note]),
      [[1, 'customer called twice']]
    );
  });
});
