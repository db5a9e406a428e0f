import Database from 'better-sqlite3'
import { executeQueryOne } from '@/lib/db/adapter'

export function takeSnapshot(db: Database.Database, organizationId: number): void {
  db.prepare('INSERT INTO snapshots (organization_id) VALUES (?)').run(organizationId)
}

export async function latestSnapshot(organizationId: number) {
  return await executeQueryOne('SELECT * FROM snapshots WHERE organization_id = ? ORDER BY id DESC LIMIT 1', [organizationId])
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
}

export function ensureSnapshotTable(db: Database.Database): boolean {
  if (hasTable(db, 'snapshots')) return false
  db.exec('CREATE TABLE snapshots (id INTEGER PRIMARY KEY, organization_id INTEGER NOT NULL)')
  return true
}
