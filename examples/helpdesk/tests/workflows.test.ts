import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, params, USERS } from './helpers/http';
import { GET as listWorkflows, POST as runStep } from '../app/api/workflows/route';
import { GET as getSteps, PUT as reorder } from '../app/api/workflows/[id]/steps/route';
import { GET as listNotifications } from '../app/api/notifications/route';

type StepResultJson = { step: { name: string; action_type: string }; ticket: { id: number; status: string; assigned_to: number | null }; nextStep: number | null };

describe('workflows', () => {
  let admin: string;

  before(async () => {
    await resetDatabase();
    admin = await loginAs(USERS.admin);
  });
  after(async () => {
    await closeDatabase();
  });

  it('lists workflows with their step counts', async () => {
    const data = (await (await listWorkflows(jsonRequest('/api/workflows', { token: admin }))).json()) as {
      workflows: Array<{ id: number; name: string; step_count: number }>;
    };
    assert.deepEqual(
      data.workflows.map((w) => [w.id, w.step_count]),
      [
        [2, 2],
        [1, 3],
      ]
    );
  });

  it('runs the steps of a workflow against a ticket', async () => {
    const run = (order: number) =>
      runStep(jsonRequest('/api/workflows', { method: 'POST', token: admin, body: { workflowId: 1, stepOrder: order, ticketId: 6 } }));

    const first = await run(1);
    assert.equal(first.status, 200);
    const r1 = (await first.json()) as StepResultJson;
    assert.equal(r1.step.action_type, 'assign');
    assert.equal(r1.ticket.assigned_to, 2);
    assert.equal(r1.nextStep, 2);

    const r2 = (await (await run(2)).json()) as StepResultJson;
    assert.equal(r2.ticket.status, 'in_progress');

    const r3 = (await (await run(3)).json()) as StepResultJson;
    assert.equal(r3.nextStep, null);
    const inbox = (await (await listNotifications(jsonRequest('/api/notifications', { token: admin }))).json()) as {
      notifications: Array<{ title: string; ticket_id: number }>;
    };
    assert.equal(inbox.notifications[0].title, 'Critical incident escalated');
    assert.equal(inbox.notifications[0].ticket_id, 6);
  });

  it('refuses unknown steps, foreign and disabled workflows', async () => {
    const missing = await runStep(jsonRequest('/api/workflows', { method: 'POST', token: admin, body: { workflowId: 1, stepOrder: 9, ticketId: 6 } }));
    assert.equal(missing.status, 404);
    const foreign = await runStep(jsonRequest('/api/workflows', { method: 'POST', token: admin, body: { workflowId: 3, ticketId: 6 } }));
    assert.equal(foreign.status, 404);
    const erin = await loginAs(USERS.otherOrgAdmin);
    const disabled = await runStep(jsonRequest('/api/workflows', { method: 'POST', token: erin, body: { workflowId: 3, ticketId: 9 } }));
    assert.equal(disabled.status, 409);
  });

  it('reorders steps', async () => {
    const res = await reorder(jsonRequest('/api/workflows/1/steps', { method: 'PUT', token: admin, body: { order: [3, 1, 2] } }), params(1));
    assert.equal(res.status, 200);
    const data = (await (await getSteps(jsonRequest('/api/workflows/1/steps', { token: admin }), params(1))).json()) as {
      workflow: { steps: Array<{ id: number; step_order: number }> };
    };
    assert.deepEqual(data.workflow.steps.map((s) => [s.id, s.step_order]), [
      [3, 1],
      [1, 2],
      [2, 3],
    ]);
    const bad = await reorder(jsonRequest('/api/workflows/1/steps', { method: 'PUT', token: admin, body: { order: [1, 2] } }), params(1));
    assert.equal(bad.status, 400);
  });
});
