import dbConnection from './connection'

export { db, getDb } from './connection'
export { getDatabase as openDatabase } from './connection'
export * from './queries'

export default dbConnection
