import db from '@/lib/db/connection'

export function comments(id: number, includeInternal: boolean) {
  return db.prepare(`SELECT c.id FROM ticket_comments c
     WHERE c.ticket_id = ? ${includeInternal ? '' : 'AND c.is_internal = 0'}
     ORDER BY c.id`).all(id)
}

export function unread(user: number, all: boolean) {
  let sql = 'SELECT id FROM notifications WHERE user_id = ?'
  if (!all) sql += ' AND is_read = 0'
  return db.prepare(sql).all(user)
}
