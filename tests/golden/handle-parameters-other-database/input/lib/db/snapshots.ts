import Database from 'better-sqlite3'

export function takeSnapshot(db: Database.Database, organizationId: number): void {
  db.prepare('INSERT INTO snapshots (organization_id) VALUES (?)').run(organizationId)
}
