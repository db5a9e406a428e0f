import Database from 'better-sqlite3'

const db = new Database(process.env.SQLITE_PATH ?? 'data/app.db')

export default db
