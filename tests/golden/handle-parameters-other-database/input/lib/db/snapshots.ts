import Database from 'better-sqlite3'

export function takeSnapshot(db: Database.Database, organizationId: number): void {
  db.prepare('INSERT INTO snapshots (organization_id) VALUES (?)').run(organizationId)
}

export function latestSnapshot(db: Database.Database, organizationId: number) {
  return db.prepare('SELECT * FROM snapshots WHERE organization_id = ? ORDER BY id DESC LIMIT 1').get(organizationId)
}
