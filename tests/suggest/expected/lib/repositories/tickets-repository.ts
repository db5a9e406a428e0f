// Proposed by `wavemod repositories suggest`: one method per recurring statement on `tickets`.
// Review and edit before a wave uses it; wavemod/repositories.toml maps call sites to these methods.
import { executeQueryOne } from '@/lib/db/adapter'

/** A row of `tickets` (lib/db/schema.postgres.sql). */
export interface TicketsRow {
  id: number
  organization_id: number
  title: string
  description: string
  status: string
  priority: string
  category_id?: number | null
  assigned_to?: number | null
  created_by: number
  created_at?: string | null
  updated_at?: string | null
  resolved_at?: string | null
  kb_article_id?: number | null
  due_at?: string | null
}

export type SqlValue = string | number | bigint | boolean | Date | Buffer | null | undefined

export const ticketsRepository = {
  /**
   * `SELECT * FROM tickets WHERE id = ?` (get, 2 call sites)
   * @param id tickets.id (serial)
   */
  async findById<T = TicketsRow>(id: SqlValue): Promise<T | undefined> {
    return executeQueryOne<T>('SELECT * FROM tickets WHERE id = ?', [id])
  },
}
