import Database from 'better-sqlite3'
import { Pool } from 'pg'

export interface RunResult {
  changes: number
  lastInsertRowid?: number | bigint
}

export interface Queryable {
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>
  get<T = any>(sql: string, params?: unknown[]): Promise<T | undefined>
  all<T = any>(sql: string, params?: unknown[]): Promise<T[]>
  run(sql: string, params?: unknown[]): Promise<RunResult>
}

export interface DatabaseAdapter extends Queryable {
  prepare(sql: string): unknown
  transaction<T>(cb: (db: DatabaseAdapter) => Promise<T>): Promise<T>
}

type TransactionCallback<T> = (db: DatabaseAdapter) => Promise<T>

let adapter: DatabaseAdapter | null = null

export function getDatabase(): DatabaseAdapter {
  if (!adapter) throw new Error('adapter not initialised')
  return adapter
}

export async function executeQuery<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return getDatabase().query<T>(sql, params)
}

export async function executeQueryOne<T = any>(sql: string, ...params: unknown[]): Promise<T | undefined> {
  return getDatabase().get<T>(sql, params)
}

export async function executeRun(sql: string, params?: unknown[]): Promise<RunResult> {
  return getDatabase().run(sql, params)
}

export async function executeTransaction<T>(cb: TransactionCallback<T>): Promise<T> {
  return getDatabase().transaction(cb)
}

export function sqliteFile(path: string): Database.Database {
  return new Database(path)
}

export function pool(url: string): Pool {
  return new Pool({ connectionString: url })
}
