import { usingPostgres } from './env'
import fs from 'node:fs'
import path from 'node:path'
import { seedSql } from './seed'

const ROOT = path.resolve(__dirname, '..', '..')
const POSTGRES_SCHEMA = path.join(ROOT, 'lib', 'db', 'schema.postgres.sql')
// What the hand-kept schema still lacks, as numbered migrations (each file run whole, in name order).
const POSTGRES_MIGRATIONS = path.join(ROOT, 'db', 'migrations', 'postgres')

/** Statements of an SQL file without functions or dollar quoting: split on `;` at line ends. */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
}

async function resetPostgres(): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
    // schema.postgres.sql is in the order the tables were added, so a foreign key may name a
    // table created further down: load it in passes, retrying what referred to a missing table.
    let pending = statements(fs.readFileSync(POSTGRES_SCHEMA, 'utf8'))
    while (pending.length > 0) {
      const failed: string[] = []
      let lastError: unknown
      for (const statement of pending) {
        try {
          await client.query(statement)
        } catch (error) {
          if ((error as { code?: string }).code !== '42P01') throw error // undefined_table
          failed.push(statement)
          lastError = error
        }
      }
      if (failed.length === pending.length) throw lastError
      pending = failed
    }
    const migrations = fs.existsSync(POSTGRES_MIGRATIONS) ? fs.readdirSync(POSTGRES_MIGRATIONS).filter((f) => f.endsWith('.sql')).sort() : []
    for (const file of migrations) {
      await client.query(fs.readFileSync(path.join(POSTGRES_MIGRATIONS, file), 'utf8'))
    }
    await client.query(seedSql())
  } finally {
    await client.end()
  }
}

async function resetSqlite(): Promise<void> {
  const { getDatabase, initializeSchema } = await import('../../lib/db/connection')
  const conn = getDatabase()
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string }>
  conn.pragma('foreign_keys = OFF')
  conn.exec(tables.map((t) => `DROP TABLE IF EXISTS "${t.name}";`).join('\n'))
  conn.pragma('foreign_keys = ON')
  initializeSchema(conn)
  conn.exec(seedSql())
}

/** Recreates the schema and the seed data on whichever backend the tests run against. */
export async function resetDatabase(): Promise<void> {
  if (usingPostgres) await resetPostgres()
  else await resetSqlite()
}

/** Runs one SQL statement on whichever backend the tests run against (to break things on purpose). */
export async function execSql(sql: string): Promise<void> {
  if (usingPostgres) {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  } else {
    const { getDatabase } = await import('../../lib/db/connection')
    getDatabase().exec(sql)
  }
}

/** Releases connections so the test process can exit. */
export async function closeDatabase(): Promise<void> {
  const { closeDatabase: closeAdapter } = await import('../../lib/db/adapter')
  await closeAdapter()
}
