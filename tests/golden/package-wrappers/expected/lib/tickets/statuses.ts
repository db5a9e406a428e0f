import memoizeOne from 'memoize-one'
import { getDb } from '@/lib/db/connection'

export type Status = { id: number; name: string; sort_order: number }

/**
 * The ticket statuses in workflow order. They are seed data that only a migration changes, and
 * every ticket form asks for them: read once per process.
 */
export const listStatuses = memoizeOne(
  (): Status[] => getDb().prepare('SELECT * FROM statuses ORDER BY sort_order').all() as Status[]
)
