import Database from 'better-sqlite3'

const db = new Database(process.env.SQLITE_PATH ?? 'data/app.db')

export function getDatabase(): Database.Database {
  return db
}

export interface Activity {
  id: number
  kind: string
}
