import db from '@/lib/db/connection'

export async function verify(token: string): Promise<number | null> {
  return token.length > 3 ? token.length : null
}

export async function fromCookie(cookie: string | null): Promise<number | null> {
  return cookie ? verify(cookie) : null
}

export function userOf(token: string) {
  const row = db.prepare('SELECT user_id FROM sessions WHERE token = ?').get(token) as { user_id: number } | undefined
  return row ? row.user_id : token === 'anonymous' ? fromCookie(null) : null
}
