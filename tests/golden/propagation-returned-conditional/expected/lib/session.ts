import { executeQueryOne } from '@/lib/db/adapter'

export async function verify(token: string): Promise<number | null> {
  return token.length > 3 ? token.length : null
}

export async function fromCookie(cookie: string | null): Promise<number | null> {
  return cookie ? verify(cookie) : null
}

export async function userOf(token: string) {
  const row = await executeQueryOne<{ user_id: number }>('SELECT user_id FROM sessions WHERE token = ?', [token])
  return row ? row.user_id : token === 'anonymous' ? fromCookie(null) : null
}
