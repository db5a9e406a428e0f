import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, params, USERS } from './helpers/http';
import { GET as listTickets, POST as createTicket } from '../app/api/tickets/route';
import { GET as getTicket, PUT as updateTicket, DELETE as deleteTicket } from '../app/api/tickets/[id]/route';
import { ticketService } from '../lib/tickets/ticket-service';

type TicketJson = {
  id: number;
  title: string;
  status: string;
  priority: string;
  assigned_to: number | null;
  resolved_at: string | null;
  comment_count: number;
  creator_name: string;
};
type ListJson = { tickets: TicketJson[]; pagination: { total: number; limit: number; offset: number; hasMore: boolean } };

describe('tickets', () => {
  let admin: string;
  let user: string;
  let otherOrg: string;

  before(async () => {
    await resetDatabase();
    admin = await loginAs(USERS.admin);
    user = await loginAs(USERS.user);
    otherOrg = await loginAs(USERS.otherOrgAdmin);
  });
  after(async () => {
    await closeDatabase();
  });

  it('requires authentication', async () => {
    assert.equal((await listTickets(jsonRequest('/api/tickets'))).status, 401);
  });

  it('lists the organization tickets with pagination', async () => {
    const res = await listTickets(jsonRequest('/api/tickets?limit=3', { token: admin }));
    assert.equal(res.status, 200);
    const data = (await res.json()) as ListJson;
    assert.equal(data.tickets.length, 3);
    assert.deepEqual(data.pagination, { total: 8, limit: 3, offset: 0, hasMore: true });
    assert.equal(data.tickets[0].id, 8); // newest first

    const last = (await (await listTickets(jsonRequest('/api/tickets?limit=3&offset=6', { token: admin }))).json()) as ListJson;
    assert.equal(last.tickets.length, 2);
    assert.equal(last.pagination.hasMore, false);
    assert.deepEqual(
      last.tickets.map((t) => t.id),
      [2, 1]
    );
  });

  it('filters by status, priority and search', async () => {
    const open = (await (await listTickets(jsonRequest('/api/tickets?status=open', { token: admin }))).json()) as ListJson;
    assert.equal(open.pagination.total, 3);
    assert.deepEqual(open.tickets.map((t) => t.id).sort((a, b) => a - b), [1, 6, 8]);

    const critical = (await (await listTickets(jsonRequest('/api/tickets?priority=critical', { token: admin }))).json()) as ListJson;
    assert.deepEqual(critical.tickets.map((t) => t.id), [8]);

    const vpn = (await (await listTickets(jsonRequest('/api/tickets?search=VPN', { token: admin }))).json()) as ListJson;
    assert.equal(vpn.pagination.total, 1);
    assert.equal(vpn.tickets[0].title, 'VPN disconnects every hour');

    const sorted = (await (await listTickets(jsonRequest('/api/tickets?sortBy=title&sortDir=asc&limit=2', { token: admin }))).json()) as ListJson;
    assert.deepEqual(sorted.tickets.map((t) => t.title), ['Install Visual Studio Code', 'Laptop does not boot']);
  });

  it('keeps organizations apart', async () => {
    const data = (await (await listTickets(jsonRequest('/api/tickets', { token: otherOrg }))).json()) as ListJson;
    assert.equal(data.pagination.total, 2);
    assert.equal((await getTicket(jsonRequest('/api/tickets/1', { token: otherOrg }), params(1))).status, 404);
  });

  it('hides tickets an end user may not see', async () => {
    const res = await getTicket(jsonRequest('/api/tickets/5', { token: user }), params(5));
    assert.equal(res.status, 404); // created by the admin
    const own = await getTicket(jsonRequest('/api/tickets/1', { token: user }), params(1));
    assert.equal(own.status, 200);
  });

  it('creates, reads, updates and deletes a ticket', async () => {
    const created = await createTicket(
      jsonRequest('/api/tickets', {
        method: 'POST',
        token: user,
        body: { title: 'Docking station not detected', description: 'USB-C dock stays dark', priority: 'high', categoryId: 1, initialComment: 'Tried two cables.' },
      })
    );
    assert.equal(created.status, 201);
    const { ticket } = (await created.json()) as { ticket: TicketJson };
    assert.equal(ticket.id, 11);
    assert.equal(ticket.status, 'open');
    assert.equal(ticket.priority, 'high');
    assert.equal(ticket.comment_count, 1);
    assert.equal(ticket.creator_name, 'Dave User');

    const read = await getTicket(jsonRequest(`/api/tickets/${ticket.id}`, { token: admin }), params(ticket.id));
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { ticket: TicketJson }).ticket.title, 'Docking station not detected');

    const updated = await updateTicket(
      jsonRequest(`/api/tickets/${ticket.id}`, { method: 'PUT', token: admin, body: { status: 'resolved', assignedTo: 2 } }),
      params(ticket.id)
    );
    assert.equal(updated.status, 200);
    const after = ((await updated.json()) as { ticket: TicketJson }).ticket;
    assert.equal(after.status, 'resolved');
    assert.equal(after.assigned_to, 2);
    assert.ok(after.resolved_at);

    const bad = await updateTicket(
      jsonRequest(`/api/tickets/${ticket.id}`, { method: 'PUT', token: admin, body: { status: 'bogus' } }),
      params(ticket.id)
    );
    assert.equal(bad.status, 400);

    const removed = await deleteTicket(jsonRequest(`/api/tickets/${ticket.id}`, { method: 'DELETE', token: admin }), params(ticket.id));
    assert.equal(removed.status, 204);
    const gone = await getTicket(jsonRequest(`/api/tickets/${ticket.id}`, { token: admin }), params(ticket.id));
    assert.equal(gone.status, 404);
    const again = await deleteTicket(jsonRequest(`/api/tickets/${ticket.id}`, { method: 'DELETE', token: admin }), params(ticket.id));
    assert.equal(again.status, 404);
  });

  it('validates input', async () => {
    const res = await createTicket(jsonRequest('/api/tickets', { method: 'POST', token: admin, body: { title: 'x' } }));
    assert.equal(res.status, 400);
    const badId = await getTicket(jsonRequest('/api/tickets/abc', { token: admin }), params('abc'));
    assert.equal(badId.status, 400);
  });

  it('exposes the ticket service to library callers', async () => {
    const ticket = await ticketService.getTicket(2);
    assert.equal(ticket?.assignee_name, 'Carol Agent');
    assert.equal(ticket?.category_name, 'Network');
  });
});
