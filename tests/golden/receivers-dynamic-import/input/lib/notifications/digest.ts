export async function sendDigest(userId: number): Promise<number> {
  const { getDatabase } = await import('@/lib/db')
  const db = getDatabase()
  const unread = db
    .prepare('SELECT id, title FROM notifications WHERE user_id = ? AND read_at IS NULL')
    .all(userId) as { id: number; title: string }[]
  if (unread.length === 0) return 0
  db.prepare('UPDATE notifications SET digest_sent_at = CURRENT_TIMESTAMP WHERE user_id = ?').run(userId)
  return unread.length
}

export async function markAllRead(userId: number): Promise<void> {
  const connection = await import('@/lib/db/connection')
  connection.default.prepare('UPDATE notifications SET read_at = CURRENT_TIMESTAMP WHERE user_id = ?').run(userId)
}
