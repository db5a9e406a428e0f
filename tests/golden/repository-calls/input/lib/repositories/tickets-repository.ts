// What `wavemod repositories suggest` writes (abridged): the rules above call these methods.
import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter'

export const ticketsRepository = {
  async countByTenant<T = any>(tenantId: unknown): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT COUNT(*) AS n FROM tickets WHERE tenant_id = ?', [tenantId])
  },
  async findAllByTenantAndStatus<T = any>(tenantId: unknown, status: unknown): Promise<T[]> {
    return executeQuery<T>('SELECT * FROM tickets WHERE tenant_id = ? AND status = ?', [tenantId, status])
  },
  async softDeleteById(id: unknown): Promise<{ changes: number }> {
    return executeRun('UPDATE tickets SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?', [id])
  },
}
