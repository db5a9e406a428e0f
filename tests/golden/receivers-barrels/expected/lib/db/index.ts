export { getDb } from './connection'
export * from './queries'
