import dbConnection, { getDatabase } from './connection'

export { db, getDb } from './connection'
export { getDatabase as getConnection } from './connection'
// The query helpers.
export * from './queries'
// Older route handlers open the connection under this name.
export { getDatabase as openDatabase }

export default dbConnection
