// What `wavemod repositories suggest` writes (abridged): the rules above call these methods.
import { executeQueryOne } from '@/lib/db/adapter'

export const usersRepository = {
  async findById<T = any>(id: unknown): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT * FROM users WHERE id = ?', [id])
  },
  async findByEmailAndTenant<T = any>(email: unknown, tenantId: unknown): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT * FROM users WHERE email = ? AND tenant_id = ?', [email, tenantId])
  },
}
