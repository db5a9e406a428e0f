import dbConnection, { getDatabase } from './connection'

export { db, getDb } from './connection'
export * from './queries'
export { getDatabase as openDatabase }

export default dbConnection
