import { executeQueryOne } from '@/lib/db/adapter'

export async function lastLogin(userId: number): Promise<string | null> {
  const row = await executeQueryOne<{ last_login_at: string | null }>('SELECT last_login_at FROM users WHERE id = ?', [userId])
  return row?.last_login_at ?? null
}
