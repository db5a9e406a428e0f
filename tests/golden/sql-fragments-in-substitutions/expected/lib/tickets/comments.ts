import { executeQuery } from '@/lib/db/adapter'

export async function comments(id: number, includeInternal: boolean) {
  return await executeQuery(`SELECT c.id FROM ticket_comments c
     WHERE c.ticket_id = ? ${includeInternal ? '' : 'AND c.is_internal = FALSE'}
     ORDER BY c.id`, [id])
}

export async function unread(user: number, all: boolean) {
  let sql = 'SELECT id FROM notifications WHERE user_id = ?'
  if (!all) sql += ' AND is_read = FALSE'
  return await executeQuery(sql, [user])
}
