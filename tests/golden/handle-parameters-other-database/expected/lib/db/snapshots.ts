import Database from 'better-sqlite3'
import { executeQueryOne } from '@/lib/db/adapter'

export function takeSnapshot(db: Database.Database, organizationId: number): void {
  db.prepare('INSERT INTO snapshots (organization_id) VALUES (?)').run(organizationId)
}

export async function latestSnapshot(organizationId: number) {
  return await executeQueryOne('SELECT * FROM snapshots WHERE organization_id = ? ORDER BY id DESC LIMIT 1', [organizationId])
}
