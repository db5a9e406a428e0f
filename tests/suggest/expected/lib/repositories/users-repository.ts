// Proposed by `wavemod repositories suggest`: one method per recurring statement on `users`.
// Review and edit before a wave uses it; wavemod/repositories.toml maps call sites to these methods.
import { executeQueryOne, executeRun } from '@/lib/db/adapter'

/** A row of `users` (lib/db/schema.postgres.sql). */
export interface UsersRow {
  id: number
  organization_id: number
  email: string
  name: string
  password_hash: string
  role: string
  is_active: boolean
  last_login_at?: string | null
  created_at?: string | null
  updated_at?: string | null
}

export type SqlValue = string | number | bigint | boolean | Date | Buffer | null | undefined

export const usersRepository = {
  /**
   * `SELECT * FROM users WHERE email = ?` (get, 2 call sites)
   * @param email users.email (text)
   */
  async findByEmail<T = UsersRow>(email: SqlValue): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT * FROM users WHERE email = ?', [email])
  },
  /**
   * `SELECT * FROM users WHERE id = ?` (get, 2 call sites)
   * @param id users.id (serial)
   */
  async findById<T = UsersRow>(id: SqlValue): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT * FROM users WHERE id = ?', [id])
  },
  /**
   * `UPDATE users SET last_login_at = DATETIME('now') WHERE id = ?` (run, 2 call sites)
   * @param id users.id (serial)
   */
  async updateLastLoginAtById(id: SqlValue): Promise<Awaited<ReturnType<typeof executeRun>>> {
    return executeRun('UPDATE users SET last_login_at = CURRENT_TIMESTAMP WHERE id = ?', [id])
  },
}
