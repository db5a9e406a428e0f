import db from '@/lib/db/connection';
import type { Notification } from '@/lib/types';
import { exists } from '@/lib/db/helpers';

export interface NewNotification {
  userId: number;
  ticketId?: number | null;
  type: string;
  title: string;
  message?: string;
}

export function listNotifications(userId: number, unreadOnly = false, limit = 50): Notification[] {
  return unreadOnly
    ? (db
        .prepare('SELECT * FROM notifications WHERE user_id = ? AND is_read = 0 ORDER BY created_at DESC, id DESC LIMIT ?')
        .all(userId, limit) as Notification[])
    : (db.prepare('SELECT * FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(userId, limit) as Notification[]);
}

export function countUnread(userId: number): number {
  return (db.prepare('SELECT COUNT(*) AS count FROM notifications WHERE user_id = ? AND is_read = 0').get(userId) as { count: number }).count;
}

export function notifyUser(userId: number, title: string, message: string, ticketId: number | null = null, type = 'info'): number {
  if (!exists('users', userId)) throw new Error(`Cannot notify unknown user ${userId}`);
  const result = db
    .prepare('INSERT INTO notifications (user_id, ticket_id, type, title, message) VALUES (?, ?, ?, ?, ?)')
    .run(userId, ticketId, type, title, message);
  return Number(result.lastInsertRowid);
}

export function notifyMany(items: NewNotification[]): number {
  const stmt = db.prepare('INSERT INTO notifications (user_id, ticket_id, type, title, message) VALUES (?, ?, ?, ?, ?)');
  const insertMany = db.transaction((list: NewNotification[]) => {
    for (const n of list) {
      stmt.run(n.userId, n.ticketId ?? null, n.type, n.title, n.message ?? '');
    }
    return list.length;
  });
  return insertMany(items);
}

export function markAsRead(userId: number, ids: number[]): number {
  if (ids.length === 0) return 0;
  const result = db
    .prepare(`UPDATE notifications SET is_read = 1 WHERE user_id = ? AND id IN (${ids.map(() => '?').join(',')})`)
    .run(userId, ...ids);
  return result.changes;
}

export function markAllAsRead(userId: number): number {
  return db.prepare('UPDATE notifications SET is_read = 1 WHERE user_id = ? AND is_read = 0').run(userId).changes;
}

export function deleteOldNotifications(days = 90): number {
  const stmt = db.prepare("DELETE FROM notifications WHERE is_read = ? AND created_at < datetime('now', ?)");
  const removed = stmt.run(1, `-${days} days`).changes;
  // Unread notifications are kept three times as long.
  return removed + stmt.run(0, `-${days * 3} days`).changes;
}
