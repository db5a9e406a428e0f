import type Database from 'better-sqlite3'
import { getDatabase } from './connection'

type Connection = ReturnType<typeof getDatabase>

/** Columns added by hand on some installs before migrations existed. */
const LEGACY_COLUMNS: Array<{ table: string; column: string; definition: string }> = [
  { table: 'tickets', column: 'custom_fields', definition: "TEXT DEFAULT '{}'" },
  { table: 'users', column: 'team', definition: 'TEXT' },
  { table: 'assets', column: 'criticality', definition: "TEXT NOT NULL DEFAULT 'medium'" },
]

export function columnExists(db: Connection, table: string, column: string): boolean {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>
  return columns.some((c) => c.name === column)
}

export function tableExists(db: Connection, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
}

export function ensureLegacyColumns(db: Connection): string[] {
  const added: string[] = []
  for (const { table, column, definition } of LEGACY_COLUMNS) {
    if (!tableExists(db, table)) continue // created with all its columns by schema.sql
    if (!columnExists(db, table, column)) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`)
      added.push(`${table}.${column}`)
    }
  }
  return added
}

/** Tables for the reporting snapshots (created on demand by the nightly job). */
export function ensureReportingTables(db: Database.Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS daily_ticket_snapshots (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      organization_id INTEGER NOT NULL,
      snapshot_date DATE NOT NULL,
      open_count INTEGER NOT NULL DEFAULT 0,
      breached_count INTEGER NOT NULL DEFAULT 0,
      created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
      UNIQUE (organization_id, snapshot_date)
    );
    CREATE INDEX IF NOT EXISTS idx_snapshots_org_date ON daily_ticket_snapshots (organization_id, snapshot_date);
  `)
}

export function takeDailySnapshot(db: Database.Database, organizationId: number) {
  ensureReportingTables(db)
  const counts = db
    .prepare(
      `SELECT
         SUM(CASE WHEN status NOT IN ('resolved', 'closed') THEN 1 ELSE 0 END) AS open_count,
         SUM(CASE WHEN sla_due_at < datetime('now') AND status NOT IN ('resolved', 'closed') THEN 1 ELSE 0 END) AS breached_count
       FROM tickets WHERE organization_id = ?`
    )
    .get(organizationId) as {
    open_count: number | null
    breached_count: number | null
  }
  db.prepare(
    `INSERT OR REPLACE INTO daily_ticket_snapshots (organization_id, snapshot_date, open_count, breached_count)
     VALUES (?, date('now'), ?, ?)`
  ).run(organizationId, counts.open_count ?? 0, counts.breached_count ?? 0)
}

export function vacuumAndAnalyze() {
  const db = getDatabase()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('VACUUM; ANALYZE;')
  const integrity = db.pragma('integrity_check', { simple: true })
  return integrity === 'ok'
}

export function purgeOldNotifications(days = 90): number {
  const db = getDatabase()
  const result = db
    .prepare(`DELETE FROM notifications WHERE is_read = 1 AND created_at < datetime('now', '-' || ? || ' days')`)
    .run(days)
  return result.changes
}
