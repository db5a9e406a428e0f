export { db, getDb } from './connection'
// The name the route handlers written before getDatabase() existed use.
export { getDatabase as getConnection } from './connection'
import dbConnection from './connection'

export * from './queries/tickets'
export * from './queries/users'
export * from './queries/categories'
export { safeQuery, withTiming } from './safe-query'

export default dbConnection
