/**
 * Async database adapter.
 *
 * Talks to PostgreSQL (through a `pg` Pool) when DATABASE_URL is set or
 * DB_TYPE=postgres, and to the local better-sqlite3 database otherwise.
 * All application code should go through executeQuery / executeQueryOne /
 * executeRun / executeTransaction so it runs unchanged on both backends.
 */
import type Database from 'better-sqlite3';
import pg from 'pg';

export type SqlParam = unknown;

export interface RunResult {
  changes: number;
  lastInsertRowid?: number | bigint;
}

export interface TxHandle {
  executeQuery<T = any>(sql: string, params?: SqlParam[]): Promise<T[]>;
  executeQueryOne<T = any>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  executeRun(sql: string, params?: SqlParam[]): Promise<RunResult>;
  /** Runs a batch of statements (DDL, migrations) with no parameters. */
  executeScript(sql: string): Promise<void>;
}

export interface DatabaseAdapter extends TxHandle {
  readonly dialect: 'postgres' | 'sqlite';
  executeTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function isPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL) || process.env.DB_TYPE === 'postgres';
}

// ---------------------------------------------------------------------------
// SQL helpers
// ---------------------------------------------------------------------------

/**
 * Converts `?` placeholders to `$1..$n`, leaving question marks inside
 * quoted strings, quoted identifiers and comments untouched.
 */
export function convertPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = findClosingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl === -1 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close === -1 ? sql.length : close + 2;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '?') {
      index += 1;
      out += `$${index}`;
      i += 1;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

function findClosingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2; // escaped quote ('' or "")
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** SQL expression for the current timestamp, valid on both dialects. */
export function sqlNow(): string {
  return 'CURRENT_TIMESTAMP';
}

/** SQL expression for `column + amount unit` (e.g. sqlDateAdd('created_at', -7, 'days')). */
export function sqlDateAdd(column: string, amount: number, unit: 'days' | 'hours' | 'minutes'): string {
  if (isPostgres()) {
    return `(${column} + INTERVAL '${amount} ${unit}')`;
  }
  return `datetime(${column}, '${amount >= 0 ? '+' : ''}${amount} ${unit}')`;
}

/** SQL expression for the date part of a timestamp column. */
export function sqlDate(column: string): string {
  return isPostgres() ? `(${column})::date` : `date(${column})`;
}

/** Boolean literal for the active dialect. */
export function sqlBool(value: boolean): string {
  if (isPostgres()) return value ? 'TRUE' : 'FALSE';
  return value ? '1' : '0';
}

// ---------------------------------------------------------------------------
// PostgreSQL backend
// ---------------------------------------------------------------------------

// COUNT(*) and SUM() come back as int8 / numeric strings by default.
pg.types.setTypeParser(20, (value: string) => parseInt(value, 10));
pg.types.setTypeParser(1700, (value: string) => parseFloat(value));

function pgRunResult(result: pg.QueryResult): RunResult {
  const row = result.rows[0] as { id?: number | string } | undefined;
  const id = row && row.id !== undefined && row.id !== null ? Number(row.id) : undefined;
  return { changes: result.rowCount ?? 0, lastInsertRowid: id };
}

function pgHandle(client: pg.Pool | pg.PoolClient): TxHandle {
  return {
    async executeQuery<T = any>(sql: string, params: SqlParam[] = []): Promise<T[]> {
      const result = await client.query(convertPlaceholders(sql), params as unknown[]);
      return result.rows as T[];
    },
    async executeQueryOne<T = any>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
      const result = await client.query(convertPlaceholders(sql), params as unknown[]);
      return result.rows[0] as T | undefined;
    },
    async executeRun(sql: string, params: SqlParam[] = []): Promise<RunResult> {
      const result = await client.query(convertPlaceholders(sql), params as unknown[]);
      return pgRunResult(result);
    },
    async executeScript(sql: string): Promise<void> {
      // No parameters: pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

function createPostgresAdapter(): DatabaseAdapter {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
  });
  const base = pgHandle(pool);
  return {
    dialect: 'postgres',
    ...base,
    async executeTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(pgHandle(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------
// SQLite backend
// ---------------------------------------------------------------------------

function normaliseSqliteParams(params: SqlParam[]): unknown[] {
  return params.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    return value;
  });
}

function sqliteHandle(getHandle: () => Promise<Database.Database>): TxHandle {
  return {
    async executeQuery<T = any>(sql: string, params: SqlParam[] = []): Promise<T[]> {
      const handle = await getHandle();
      return handle.prepare(sql).all(...normaliseSqliteParams(params)) as T[];
    },
    async executeQueryOne<T = any>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
      const handle = await getHandle();
      return handle.prepare(sql).get(...normaliseSqliteParams(params)) as T | undefined;
    },
    async executeRun(sql: string, params: SqlParam[] = []): Promise<RunResult> {
      const handle = await getHandle();
      const statement = handle.prepare(sql);
      const values = normaliseSqliteParams(params);
      if (statement.reader) {
        // INSERT ... RETURNING id
        const rows = statement.all(...values) as Array<{ id?: number }>;
        const id = rows[0]?.id;
        return { changes: rows.length, lastInsertRowid: id };
      }
      const result = statement.run(...values);
      return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
    },
    async executeScript(sql: string): Promise<void> {
      const handle = await getHandle();
      handle.exec(sql);
    },
  };
}

function createSqliteAdapter(): DatabaseAdapter {
  // Loaded lazily so that the PostgreSQL backend never opens a SQLite file.
  let handlePromise: Promise<Database.Database> | null = null;
  const getHandle = (): Promise<Database.Database> => {
    if (!handlePromise) {
      handlePromise = import('./connection').then((mod) => mod.getConnection());
    }
    return handlePromise;
  };
  const base = sqliteHandle(getHandle);
  let queue: Promise<unknown> = Promise.resolve();

  return {
    dialect: 'sqlite',
    ...base,
    async executeTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
      // SQLite has a single connection: serialise async transactions.
      const run = async (): Promise<T> => {
        const handle = await getHandle();
        handle.exec('BEGIN');
        try {
          const result = await fn(base);
          handle.exec('COMMIT');
          return result;
        } catch (error) {
          if (handle.inTransaction) handle.exec('ROLLBACK');
          throw error;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    async close(): Promise<void> {
      handlePromise = null;
    },
  };
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

let adapter: DatabaseAdapter | null = null;

export function getDatabase(): DatabaseAdapter {
  if (!adapter) {
    adapter = isPostgres() ? createPostgresAdapter() : createSqliteAdapter();
  }
  return adapter;
}

export async function executeQuery<T = any>(sql: string, params: SqlParam[] = []): Promise<T[]> {
  return getDatabase().executeQuery<T>(sql, params);
}

export async function executeQueryOne<T = any>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
  return getDatabase().executeQueryOne<T>(sql, params);
}

export async function executeRun(sql: string, params: SqlParam[] = []): Promise<RunResult> {
  return getDatabase().executeRun(sql, params);
}

export async function executeScript(sql: string): Promise<void> {
  return getDatabase().executeScript(sql);
}

export async function executeTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
  return getDatabase().executeTransaction(fn);
}

export async function closeAdapter(): Promise<void> {
  if (adapter) {
    const current = adapter;
    adapter = null;
    await current.close();
  }
}

export default getDatabase;
