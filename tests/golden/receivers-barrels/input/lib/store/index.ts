export * from '../db/connection'
