/**
 * Maintenance for old installs: brings a database created before lib/db/migrations existed up to
 * date, then snapshots today's counts. npm run db:migrate
 */
import Database from 'better-sqlite3'
import path from 'path'
import { initializeSchema } from '../lib/db/connection'
import { ensureLegacyColumns, takeDailySnapshot } from '../lib/db/maintenance'

const file = process.argv[2] || process.env.SQLITE_PATH || path.join(process.cwd(), 'data', 'servicedesk.db')
const db = new Database(file)
db.pragma('foreign_keys = ON')

// Installs from 1.x have no schema_migrations table but already have some of the tables.
db.exec(`
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version TEXT PRIMARY KEY,
    applied_at DATETIME DEFAULT CURRENT_TIMESTAMP
  );
  CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER,
    user_id INTEGER,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id INTEGER,
    details TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  );
`)

const added = ensureLegacyColumns(db)
initializeSchema(db)

const orgs = db.prepare('SELECT id FROM organizations').all() as { id: number }[]
orgs.forEach((org) => takeDailySnapshot(db, org.id))

const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as any[]
console.log(`${file}: ${tables.length} tables, added columns: ${added.join(', ') || 'none'}`)
db.close()
