import { Activity } from '@/lib/db/connection'
import { executeQuery } from '@/lib/db/adapter'

export async function recentActivity(limit: number) {
  return await executeQuery<Activity>('SELECT id, kind FROM activities ORDER BY id DESC LIMIT ?', [limit])
}
