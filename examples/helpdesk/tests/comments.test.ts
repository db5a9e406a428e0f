import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, params, USERS } from './helpers/http';
import { GET as listComments, POST as addComment } from '../app/api/tickets/[id]/comments/route';
import { GET as listNotifications } from '../app/api/notifications/route';

type CommentJson = { id: number; content: string; author_name: string; user_id: number; is_internal: number | boolean };

describe('ticket comments', () => {
  let agent: string;
  let user: string;

  before(async () => {
    await resetDatabase();
    agent = await loginAs(USERS.agent);
    user = await loginAs(USERS.user);
  });
  after(async () => {
    await closeDatabase();
  });

  it('lists the comments of a ticket in order', async () => {
    const res = await listComments(jsonRequest('/api/tickets/1/comments', { token: agent }), params(1));
    assert.equal(res.status, 200);
    const { comments } = (await res.json()) as { comments: CommentJson[] };
    assert.deepEqual(comments.map((c) => c.id), [1, 2]);
    assert.equal(comments[0].author_name, 'Bob Agent');
  });

  it('hides internal notes from end users', async () => {
    const staff = (await (await listComments(jsonRequest('/api/tickets/2/comments', { token: agent }), params(2))).json()) as {
      comments: CommentJson[];
    };
    assert.equal(staff.comments.length, 1);
    const requester = (await (await listComments(jsonRequest('/api/tickets/2/comments', { token: user }), params(2))).json()) as {
      comments: CommentJson[];
    };
    assert.equal(requester.comments.length, 0);
  });

  it('adds a comment and notifies the requester', async () => {
    const res = await addComment(
      jsonRequest('/api/tickets/1/comments', { method: 'POST', token: agent, body: { content: 'Replacing the motherboard tomorrow.' } }),
      params(1)
    );
    assert.equal(res.status, 201);
    const { comment } = (await res.json()) as { comment: CommentJson };
    assert.equal(comment.id, 6);
    assert.equal(comment.user_id, 2);
    assert.equal(comment.author_name, 'Bob Agent');

    const list = (await (await listComments(jsonRequest('/api/tickets/1/comments', { token: user }), params(1))).json()) as {
      comments: CommentJson[];
    };
    assert.equal(list.comments.length, 3);
    assert.equal(list.comments[2].content, 'Replacing the motherboard tomorrow.');

    const inbox = (await (await listNotifications(jsonRequest('/api/notifications', { token: user }))).json()) as {
      notifications: Array<{ type: string; ticket_id: number }>;
    };
    assert.ok(inbox.notifications.some((n) => n.type === 'ticket_comment' && n.ticket_id === 1));
  });

  it('rejects empty comments and unknown tickets', async () => {
    const empty = await addComment(jsonRequest('/api/tickets/1/comments', { method: 'POST', token: agent, body: { content: '  ' } }), params(1));
    assert.equal(empty.status, 400);
    const missing = await addComment(jsonRequest('/api/tickets/999/comments', { method: 'POST', token: agent, body: { content: 'hi' } }), params(999));
    assert.equal(missing.status, 404);
  });
});
