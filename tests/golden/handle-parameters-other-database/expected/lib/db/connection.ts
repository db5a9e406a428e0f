import Database from 'better-sqlite3'

const db = new Database(process.env.DATABASE_PATH || 'data/app.db')

export function getDb(): Database.Database {
  return db
}

export default db
