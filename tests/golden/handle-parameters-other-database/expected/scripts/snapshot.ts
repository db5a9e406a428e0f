import Database from 'better-sqlite3'
import { takeSnapshot } from '../lib/db/snapshots'

export function snapshotFile(file: string, organizationId: number): void {
  const db = new Database(file)
  takeSnapshot(db, organizationId)
  db.close()
}
