import Database from 'better-sqlite3'
import { ensureSnapshotTable, takeSnapshot } from '../lib/db/snapshots'

export function snapshotFile(file: string, organizationId: number): void {
  const db = new Database(file)
  ensureSnapshotTable(db)
  takeSnapshot(db, organizationId)
  db.close()
}
