import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, USERS } from './helpers/http';
import { GET as listNotifications, PUT as markRead } from '../app/api/notifications/route';
import { GET as getSettings, PUT as putSettings } from '../app/api/settings/route';
import { notifyMany } from '../lib/notifications/notification-service';

type InboxJson = { notifications: Array<{ id: number; is_read: number | boolean; title: string }>; unread: number };

describe('notifications', () => {
  let agent: string;

  before(async () => {
    await resetDatabase();
    agent = await loginAs(USERS.agent);
  });
  after(async () => {
    await closeDatabase();
  });

  it('lists the notifications of the current user', async () => {
    const data = (await (await listNotifications(jsonRequest('/api/notifications', { token: agent }))).json()) as InboxJson;
    assert.deepEqual(data.notifications.map((n) => n.id), [2, 3, 1]);
    assert.equal(data.unread, 2);
    const unread = (await (await listNotifications(jsonRequest('/api/notifications?unread=true', { token: agent }))).json()) as InboxJson;
    assert.deepEqual(unread.notifications.map((n) => n.id), [2, 1]);
  });

  it('marks notifications as read', async () => {
    const res = await markRead(jsonRequest('/api/notifications', { method: 'PUT', token: agent, body: { ids: [1] } }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { updated: 1, unread: 1 });

    const foreign = await markRead(jsonRequest('/api/notifications', { method: 'PUT', token: agent, body: { ids: [5] } }));
    assert.equal(foreign.status, 404);

    const all = await markRead(jsonRequest('/api/notifications', { method: 'PUT', token: agent, body: { all: true } }));
    assert.deepEqual(await all.json(), { updated: 1, unread: 0 });
  });

  it('inserts notifications in bulk', async () => {
    const inserted = await notifyMany([
      { userId: 2, type: 'reminder', title: 'Ticket #1 needs attention', ticketId: 1 },
      { userId: 2, type: 'reminder', title: 'Ticket #8 needs attention', ticketId: 8 },
    ]);
    assert.equal(inserted, 2);
    const data = (await (await listNotifications(jsonRequest('/api/notifications?unread=true', { token: agent }))).json()) as InboxJson;
    assert.equal(data.unread, 2);
  });

  it('stores per-user settings', async () => {
    const res = await putSettings(jsonRequest('/api/settings', { method: 'PUT', token: agent, body: { theme: 'dark', email_notifications: 'false' } }));
    assert.equal(res.status, 200);
    const again = await putSettings(jsonRequest('/api/settings', { method: 'PUT', token: agent, body: { theme: 'solarized' } }));
    assert.equal(again.status, 200);
    const data = (await (await getSettings(jsonRequest('/api/settings', { token: agent }))).json()) as { settings: Record<string, string> };
    assert.equal(data.settings.theme, 'solarized');
    assert.equal(data.settings.email_notifications, 'false');
    assert.equal(data.settings.language, 'en');
  });
});
