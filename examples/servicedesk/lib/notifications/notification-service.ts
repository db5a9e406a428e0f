import db from '@/lib/db/connection'
import type { Notification } from '@/lib/types'

export interface NewNotification {
  userId: number
  type: string
  title: string
  body?: string
  ticketId?: number
  dedupeKey?: string
}

export function isEnabled(userId: number, eventType: string, channel = 'in_app'): boolean {
  const pref = db
    .prepare('SELECT enabled FROM notification_preferences WHERE user_id = ? AND event_type = ? AND channel = ?')
    .get(userId, eventType, channel) as { enabled: number } | undefined
  // no row means the default: enabled
  return pref === undefined || Boolean(pref.enabled)
}

/** Stores an in-app notification. Returns false when the user muted the event or it was a duplicate. */
export function createNotification(n: NewNotification): boolean {
  if (!isEnabled(n.userId, n.type)) return false
  const result = db
    .prepare(
      `INSERT OR IGNORE INTO notifications (user_id, type, title, body, ticket_id, dedupe_key, is_read, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, datetime('now'))`
    )
    .run(n.userId, n.type, n.title, n.body ?? null, n.ticketId ?? null, n.dedupeKey ?? null)
  return result.changes > 0
}

export function notifyMany(userIds: number[], template: Omit<NewNotification, 'userId'>): number {
  let sent = 0
  for (const userId of userIds) {
    if (createNotification({ ...template, userId })) sent++
  }
  return sent
}

export function listNotifications(userId: number, unreadOnly = false, limit = 50): Notification[] {
  let sql = 'SELECT * FROM notifications WHERE user_id = ?'
  if (unreadOnly) sql += ' AND is_read = 0'
  sql += ' ORDER BY created_at DESC, id DESC LIMIT ?'
  return db.prepare(sql).all(userId, limit) as Notification[]
}

export function unreadCount(userId: number): number {
  return (db.prepare('SELECT COUNT(*) AS c FROM notifications WHERE user_id = ? AND is_read = 0').get(userId) as { c: number }).c
}

export function markRead(userId: number, ids: number[]): number {
  const stmt = db.prepare('UPDATE notifications SET is_read = 1 WHERE id = ? AND user_id = ?')
  let changed = 0
  ids.forEach((id) => {
    changed += stmt.run(id, userId).changes
  })
  return changed
}

export function markAllRead(userId: number): number {
  return db.prepare('UPDATE notifications SET is_read = 1 WHERE user_id = ? AND is_read = 0').run(userId).changes
}

export function setPreference(userId: number, eventType: string, enabled: boolean, channel = 'in_app') {
  db.prepare(
    'INSERT OR REPLACE INTO notification_preferences (user_id, event_type, channel, enabled) VALUES (?, ?, ?, ?)'
  ).run(userId, eventType, channel, enabled ? 1 : 0)
}

export function getPreferences(userId: number) {
  return db
    .prepare('SELECT event_type, channel, enabled FROM notification_preferences WHERE user_id = ? ORDER BY event_type')
    .all(userId) as { event_type: string; channel: string; enabled: number }[]
}

/** Unread notifications older than a day, grouped per user, for the e-mail digest. */
export function pendingDigests() {
  return db
    .prepare(
      `SELECT u.id AS user_id, u.email, COUNT(n.id) AS unread, GROUP_CONCAT(n.title, '; ') AS titles
       FROM notifications n
       JOIN users u ON u.id = n.user_id
       WHERE n.is_read = 0 AND n.created_at < datetime('now', '-1 day') AND u.is_active = 1
       GROUP BY u.id`
    )
    .all() as { user_id: number; email: string; unread: number; titles: string }[]
}
