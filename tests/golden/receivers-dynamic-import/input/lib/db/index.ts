export { default as db, getDatabase } from './connection'
