export { getDb } from './connection'
// The query helpers.
export * from './queries'
