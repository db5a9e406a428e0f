import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { seedSql } from './seed'

const DB_DIR = path.resolve(__dirname, '..', '..', 'lib', 'db')

/** An isolated in-memory database with the SQLite schema, every migration and the seed data. */
export function createTestDatabase(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  db.exec(fs.readFileSync(path.join(DB_DIR, 'schema.sql'), 'utf8'))
  for (const file of fs.readdirSync(path.join(DB_DIR, 'migrations')).sort()) {
    db.exec(fs.readFileSync(path.join(DB_DIR, 'migrations', file), 'utf8'))
  }
  db.exec(seedSql())
  return db
}

export function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count
}
