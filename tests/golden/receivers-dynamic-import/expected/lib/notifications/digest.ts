import { executeQuery, executeRun } from '@/lib/db/adapter'

export async function sendDigest(userId: number): Promise<number> {
  const unread = await executeQuery<{ id: number; title: string }>('SELECT id, title FROM notifications WHERE user_id = ? AND read_at IS NULL', [userId])
  if (unread.length === 0) return 0
  await executeRun('UPDATE notifications SET digest_sent_at = CURRENT_TIMESTAMP WHERE user_id = ?', [userId])
  return unread.length
}

export async function markAllRead(userId: number): Promise<void> {
  await executeRun('UPDATE notifications SET read_at = CURRENT_TIMESTAMP WHERE user_id = ?', [userId])
}
