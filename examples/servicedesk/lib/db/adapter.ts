/**
 * Database adapter: one async API over SQLite (development, tests) and PostgreSQL (production).
 *
 * New code should use this instead of `db.prepare()`. PostgreSQL is selected with DATABASE_URL
 * or DB_TYPE=postgresql; placeholders are written `?` everywhere and converted to `$1..$n`.
 */
import type Database from 'better-sqlite3'
import { Pool, PoolClient, types } from 'pg'
import { getDatabase as getSqliteDatabase } from './connection'

// COUNT(*) and SUM() come back as int8, AVG()/ROUND() as numeric: the app expects numbers.
types.setTypeParser(20, (value) => parseInt(value, 10))
types.setTypeParser(1700, (value) => parseFloat(value))

export type SqlParam = string | number | bigint | boolean | null | Buffer | Date | undefined
export type RunResult = { changes: number; lastInsertRowid?: number | bigint }

export interface PreparedStatement {
  all<T = any>(...params: SqlParam[]): Promise<T[]>
  get<T = any>(...params: SqlParam[]): Promise<T | undefined>
  run(...params: SqlParam[]): Promise<RunResult>
}

export interface DatabaseAdapter {
  query<T = any>(sql: string, params?: SqlParam[]): Promise<T[]>
  get<T = any>(sql: string, params?: SqlParam[]): Promise<T | undefined>
  all<T = any>(sql: string, params?: SqlParam[]): Promise<T[]>
  run(sql: string, params?: SqlParam[]): Promise<RunResult>
  prepare?(sql: string): PreparedStatement
  transaction<T>(callback: (db: DatabaseAdapter) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export function isPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL) || process.env.DB_TYPE === 'postgresql' || process.env.DB_TYPE === 'postgres'
}

function toPostgresPlaceholders(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

function normalizeParams(params: SqlParam[] = []): SqlParam[] {
  return params.map((p) => (p === undefined ? null : p))
}

function sqliteParams(params: SqlParam[] = []): unknown[] {
  // better-sqlite3 refuses booleans and Dates
  return normalizeParams(params).map((p) => {
    if (typeof p === 'boolean') return p ? 1 : 0
    if (p instanceof Date) return p.toISOString()
    return p
  })
}

class SQLiteAdapter implements DatabaseAdapter {
  constructor(private conn: Database.Database) {}

  async query<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.conn.prepare(sql).all(...sqliteParams(params)) as T[]
  }

  async all<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.query<T>(sql, params)
  }

  async get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined> {
    return this.conn.prepare(sql).get(...sqliteParams(params)) as T | undefined
  }

  async run(sql: string, params?: SqlParam[]): Promise<RunResult> {
    const stmt = this.conn.prepare(sql)
    if (stmt.reader) {
      // INSERT ... RETURNING id
      const row = stmt.get(...sqliteParams(params)) as Record<string, unknown> | undefined
      const id = row ? (row.id as number | undefined) : undefined
      return { changes: row ? 1 : 0, lastInsertRowid: id }
    }
    const result = stmt.run(...sqliteParams(params))
    return { changes: result.changes, lastInsertRowid: result.lastInsertRowid }
  }

  prepare(sql: string): PreparedStatement {
    return {
      all: (...params) => this.all(sql, params),
      get: (...params) => this.get(sql, params),
      run: (...params) => this.run(sql, params),
    }
  }

  async transaction<T>(callback: (db: DatabaseAdapter) => Promise<T>): Promise<T> {
    // better-sqlite3's own transaction() cannot span an await, so BEGIN/COMMIT by hand.
    this.conn.exec('BEGIN')
    try {
      const result = await callback(this)
      this.conn.exec('COMMIT')
      return result
    } catch (error) {
      if (this.conn.inTransaction) this.conn.exec('ROLLBACK')
      throw error
    }
  }

  async close(): Promise<void> {
    // The handle belongs to lib/db/connection.ts.
  }
}

type Queryable = Pool | PoolClient

class PostgresAdapter implements DatabaseAdapter {
  constructor(
    private client: Queryable,
    private pool: Pool | null
  ) {}

  async query<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
    const result = await this.client.query(toPostgresPlaceholders(sql), normalizeParams(params))
    return result.rows as T[]
  }

  async all<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.query<T>(sql, params)
  }

  async get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params)
    return rows[0]
  }

  async run(sql: string, params?: SqlParam[]): Promise<RunResult> {
    const result = await this.client.query(toPostgresPlaceholders(sql), normalizeParams(params))
    const first = result.rows?.[0] as Record<string, unknown> | undefined
    return {
      changes: result.rowCount ?? 0,
      lastInsertRowid: first && first.id !== undefined ? Number(first.id) : undefined,
    }
  }

  prepare(sql: string): PreparedStatement {
    return {
      all: (...params) => this.all(sql, params),
      get: (...params) => this.get(sql, params),
      run: (...params) => this.run(sql, params),
    }
  }

  async transaction<T>(callback: (db: DatabaseAdapter) => Promise<T>): Promise<T> {
    if (!this.pool) {
      // already inside a transaction: run on the same client
      return callback(this)
    }
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await callback(new PostgresAdapter(client, null))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    } finally {
      client.release()
    }
  }

  async close(): Promise<void> {
    if (this.pool) await this.pool.end()
  }
}

let adapter: DatabaseAdapter | null = null

export function getDatabase(): DatabaseAdapter {
  if (!adapter) {
    if (isPostgres()) {
      const pool = new Pool({
        connectionString: process.env.DATABASE_URL,
        max: Number(process.env.PG_POOL_MAX || 10),
      })
      adapter = new PostgresAdapter(pool, pool)
    } else {
      adapter = new SQLiteAdapter(getSqliteDatabase())
    }
  }
  return adapter
}

export async function executeQuery<T = any>(sql: string, params: SqlParam[] = []): Promise<T[]> {
  return getDatabase().query<T>(sql, params)
}

export async function executeQueryOne<T = any>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
  return getDatabase().get<T>(sql, params)
}

export async function executeRun(sql: string, params: SqlParam[] = []): Promise<RunResult> {
  return getDatabase().run(sql, params)
}

export async function executeTransaction<T>(callback: (db: DatabaseAdapter) => Promise<T>): Promise<T> {
  return getDatabase().transaction(callback)
}

export async function closeDatabase(): Promise<void> {
  if (adapter) {
    const current = adapter
    adapter = null
    await current.close()
  }
}
