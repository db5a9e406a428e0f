import { getDb } from './connection'

export type SqliteDb = ReturnType<typeof getDb>
