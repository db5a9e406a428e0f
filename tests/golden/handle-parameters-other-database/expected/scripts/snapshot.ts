import Database from 'better-sqlite3'
import { takeSnapshot } from '../lib/db/snapshots'

export async function snapshotFile(file: string, organizationId: number): Promise<void> {
  const db = new Database(file)
  await takeSnapshot(organizationId)
  db.close()
}
