import Database from 'better-sqlite3'

export const db = new Database(process.env.DATABASE_PATH || 'data/app.db')

export function getDb() {
  return db
}

export function getDatabase() {
  return db
}

export default db
