export async function lastLogin(userId: number): Promise<string | null> {
  const row = (await import('../db/connection')).getDatabase()
    .prepare('SELECT last_login_at FROM users WHERE id = ?')
    .get(userId) as { last_login_at: string | null } | undefined
  return row?.last_login_at ?? null
}
