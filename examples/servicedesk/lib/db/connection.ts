import Database from 'better-sqlite3'
import fs from 'fs'
import path from 'path'

// Resolved from the project root: Next bundles the server code, so __dirname is not reliable here.
const DB_PATH = process.env.SQLITE_PATH || process.env.DATABASE_PATH || path.join(process.cwd(), 'data', 'servicedesk.db')
const SCHEMA_PATH = path.join(process.cwd(), 'lib', 'db', 'schema.sql')
const MIGRATIONS_DIR = path.join(process.cwd(), 'lib', 'db', 'migrations')

let instance: Database.Database | null = null

function runMigrations(conn: Database.Database) {
  const applied = new Set(
    (conn.prepare('SELECT version FROM schema_migrations').all() as { version: string }[]).map((r) => r.version)
  )
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()

  for (const file of files) {
    const version = file.replace(/\.sql$/, '')
    if (applied.has(version)) continue
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8')
    const apply = conn.transaction(() => {
      conn.exec(sql)
      conn.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(version)
    })
    apply()
  }
}

/** Creates the base schema and applies pending migrations. Safe to call on every start. */
export function initializeSchema(conn: Database.Database) {
  conn.exec(fs.readFileSync(SCHEMA_PATH, 'utf8'))
  runMigrations(conn)
}

function open(): Database.Database {
  if (DB_PATH !== ':memory:') {
    fs.mkdirSync(path.dirname(DB_PATH), { recursive: true })
  }
  const conn = new Database(DB_PATH)
  conn.pragma('journal_mode = WAL')
  conn.pragma('foreign_keys = ON')
  conn.pragma('busy_timeout = 5000')
  initializeSchema(conn)
  return conn
}

export function getDatabase(): Database.Database {
  if (!instance) {
    instance = open()
  }
  return instance
}

// Older modules call getDb(); both return the same handle.
export function getDb(): Database.Database {
  return getDatabase()
}

export function closeDb() {
  if (instance) {
    instance.close()
    instance = null
  }
}

export const db = getDatabase()

export default db
