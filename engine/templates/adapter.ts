/**
 * Async database adapter, written by `wavemod init adapter`. Review it and make it yours.
 *
 * Application code calls these helpers instead of better-sqlite3 directly, and runs unchanged on
 * both backends:
 *
 *   executeQuery<T>(sql, params?)      every row                    (was .prepare(sql).all(...))
 *   executeQueryOne<T>(sql, params?)   the first row or undefined   (was .prepare(sql).get(...))
 *   executeRun(sql, params?)           { changes, lastInsertRowid } (was .prepare(sql).run(...))
 *   executeScript(sql)                 several statements, no params (was .exec(sql))
 *   executeTransaction(async (tx) => { await tx.executeRun(...) })  (was db.transaction(fn)())
 *
 * Backend: PostgreSQL (a `pg` Pool) when DB_TYPE is `postgresql` or `postgres`, or when DB_TYPE is
 * unset and DATABASE_URL is a postgres:// URL; otherwise SQLite, through the application's own
 * better-sqlite3 connection (the function `openSqlite` below), so that the adapter and the code not
 * migrated yet share one database and one connection.
 *
 * Transactions: the callback's `tx` runs in the transaction, and so do the module helpers called
 * while it runs (tracked with AsyncLocalStorage); a transaction started inside one is a savepoint.
 * On SQLite, calls from elsewhere wait while a transaction holds the one connection.
 *
 * SQL is written with `?` placeholders; on PostgreSQL they become `$1..$n`. The SQL text itself is
 * not translated: the migration makes it valid on both (or on PostgreSQL only, when you choose so).
 */
import { AsyncLocalStorage } from 'async_hooks';
import type Database from 'better-sqlite3';
import type { Pool, PoolClient, QueryResult } from 'pg';

/** Values bound to the `?` placeholders, in order. */
export type SqlParams = readonly unknown[];

/** What executeRun reports, like better-sqlite3's RunResult. */
export interface RunResult {
  /** Rows inserted, updated or deleted (rows returned, for a statement with RETURNING). */
  changes: number;
  /**
   * On SQLite, the rowid better-sqlite3 reports for an INSERT. With `RETURNING id` (the portable
   * way, and the only one on PostgreSQL), the first returned row's `id` (else its first column).
   */
  lastInsertRowid?: number | bigint;
}

/** The handle a transaction callback receives: the same helpers, bound to the transaction. */
export interface TxHandle {
  executeQuery<T = any>(sql: string, params?: SqlParams): Promise<T[]>;
  executeQueryOne<T = any>(sql: string, params?: SqlParams): Promise<T | undefined>;
  executeRun(sql: string, params?: SqlParams): Promise<RunResult>;
  executeScript(sql: string): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

/** The backend this process uses, decided by the environment (see the comment at the top). */
export function dialect(): Dialect {
  const type = (process.env.DB_TYPE ?? '').toLowerCase();
  if (type === 'postgresql' || type === 'postgres') return 'postgres';
  if (type !== '') return 'sqlite';
  return /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

// ---------------------------------------------------------------------------------------------
// SQL helpers
// ---------------------------------------------------------------------------------------------

/**
 * `?` placeholders to `$1..$n`, leaving alone question marks inside string literals, quoted
 * identifiers, dollar-quoted bodies and comments. (So PostgreSQL's jsonb operators `?`, `?|` and
 * `?&` cannot appear in SQL sent through here: use jsonb_exists() and friends.)
 */
export function convertPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    let end = i + 1;
    if (ch === "'" || ch === '"') {
      end = closingQuote(sql, i, ch);
    } else if (ch === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? sql.length : newline;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close === -1 ? sql.length : close + tag[0].length;
      }
    } else if (ch === '?') {
      index += 1;
      out += `$${index}`;
      i += 1;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2; // a doubled quote is an escaped one
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** The id a RETURNING clause gave back: the `id` column, else the first one. */
function returnedId(row: Record<string, unknown> | undefined): number | bigint | undefined {
  if (row === undefined) return undefined;
  const value = 'id' in row ? row.id : Object.values(row)[0];
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Transactions, on both backends
// ---------------------------------------------------------------------------------------------

/** The transaction the current async call chain runs in, if any. */
const transactionScope = new AsyncLocalStorage<TxHandle>();

let savepoints = 0;

/**
 * A transaction started inside another one's callback (a helper with its own transaction, called
 * from a transaction) becomes a savepoint of the outer one, as nested better-sqlite3 transactions
 * did: its failure undoes its own statements only, and everything commits with the outer one.
 */
async function savepoint<T>(tx: TxHandle, fn: (tx: TxHandle) => Promise<T>): Promise<T> {
  savepoints += 1;
  const name = `adapter_savepoint_${savepoints}`;
  await tx.executeScript(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.executeScript(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.executeScript(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.executeScript(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite backend
// ---------------------------------------------------------------------------------------------

/** The application's own connection. Imported lazily: the PostgreSQL backend never opens it. */
async function openSqlite(): Promise<Database.Database> {
  const connection = await import('./connection'); // wavemod:connection-module
  return connection.getDatabase(); // wavemod:connection-handle
}

// Asked for at every use, as the application's own code did (`getDatabase()` at each call): the
// connection module keeps its one connection, and whatever it hands out now is what runs the
// statement (a test that opens a fresh database per test, a reconnect after close).
function sqliteDatabase(): Promise<Database.Database> {
  return openSqlite();
}

// One connection runs one thing at a time. With better-sqlite3 a transaction ran to its end
// synchronously; here its callback awaits, so another request's statements would land inside it
// (and its BEGIN would fail). So every call outside a transaction queues behind the transaction
// that holds the connection, and transactions queue behind each other. Code not migrated yet that
// calls the connection directly does not queue: it runs inside an open transaction, if any.
let sqliteQueue: Promise<unknown> = Promise.resolve();

function sqliteWhenFree<T>(task: (db: Database.Database) => T | Promise<T>): Promise<T> {
  const run = async (): Promise<T> => task(await sqliteDatabase());
  const next = sqliteQueue.then(run, run);
  sqliteQueue = next.catch(() => undefined);
  return next;
}

async function sqliteNow<T>(task: (db: Database.Database) => T | Promise<T>): Promise<T> {
  return task(await sqliteDatabase());
}

/** better-sqlite3 binds numbers, strings, bigints, Buffers and null only. */
function sqliteParams(params: SqlParams): unknown[] {
  return params.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    return value;
  });
}

function sqliteHandle(use: typeof sqliteNow): TxHandle {
  return {
    async executeQuery<T = any>(sql: string, params: SqlParams = []): Promise<T[]> {
      return use((db) => db.prepare(sql).all(...sqliteParams(params)) as T[]);
    },
    async executeQueryOne<T = any>(sql: string, params: SqlParams = []): Promise<T | undefined> {
      return use((db) => db.prepare(sql).get(...sqliteParams(params)) as T | undefined);
    },
    async executeRun(sql: string, params: SqlParams = []): Promise<RunResult> {
      return use((db): RunResult => {
        const statement = db.prepare(sql);
        if (statement.reader) {
          // ... RETURNING returns rows: their ids, not the connection's last insert, are the result.
          const rows = statement.all(...sqliteParams(params)) as Record<string, unknown>[];
          return { changes: rows.length, lastInsertRowid: returnedId(rows[0]) };
        }
        // A test's double of the statement (`{ run: vi.fn() }`) returns undefined, where the code
        // it replaces ignored run()'s result: report no change rather than throw a TypeError.
        const result: Database.RunResult | undefined = statement.run(...sqliteParams(params));
        return { changes: result?.changes ?? 0, lastInsertRowid: result?.lastInsertRowid };
      });
    },
    async executeScript(sql: string): Promise<void> {
      return use((db) => {
        db.exec(sql);
      });
    },
  };
}

const sqliteQueued = sqliteHandle(sqliteWhenFree);
const sqliteInTransaction = sqliteHandle(sqliteNow);

function sqliteTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
  return sqliteWhenFree(async (db) => {
    db.exec('BEGIN');
    try {
      const result = await transactionScope.run(sqliteInTransaction, () => fn(sqliteInTransaction));
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL backend
// ---------------------------------------------------------------------------------------------

let pool: Promise<Pool> | null = null;

/** The pool, created on first use; `pg` is loaded only when PostgreSQL is the backend. */
function pgPool(): Promise<Pool> {
  if (pool === null) {
    pool = import('pg').then(({ default: pg }) => {
      // int8 (COUNT(*), SUM of integers, BIGSERIAL ids) and numeric come back as strings by
      // default; SQLite gave numbers. Values beyond 2^53 lose precision, as they did there.
      pg.types.setTypeParser(20, (value: string) => Number(value)); // int8
      pg.types.setTypeParser(1700, (value: string) => Number(value)); // numeric
      // No connectionString: pg falls back to the PGHOST/PGDATABASE/... variables.
      return new pg.Pool({ connectionString: process.env.DATABASE_URL || undefined });
    });
  }
  return pool;
}

type Queryable = Pick<PoolClient, 'query'>;

function pgRunResult(result: QueryResult): RunResult {
  return { changes: result.rowCount ?? 0, lastInsertRowid: returnedId(result.rows[0]) };
}

function pgHandle(client: () => Promise<Queryable>): TxHandle {
  return {
    async executeQuery<T = any>(sql: string, params: SqlParams = []): Promise<T[]> {
      const result = await (await client()).query(convertPlaceholders(sql), [...params]);
      return result.rows as T[];
    },
    async executeQueryOne<T = any>(sql: string, params: SqlParams = []): Promise<T | undefined> {
      const result = await (await client()).query(convertPlaceholders(sql), [...params]);
      return result.rows[0] as T | undefined;
    },
    async executeRun(sql: string, params: SqlParams = []): Promise<RunResult> {
      return pgRunResult(await (await client()).query(convertPlaceholders(sql), [...params]));
    },
    async executeScript(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which runs several statements.
      await (await client()).query(sql);
    },
  };
}

const pgPooled = pgHandle(pgPool);

/** BEGIN/COMMIT on one client of the pool; ROLLBACK when the callback throws. */
async function pgTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
  const client = await (await pgPool()).connect();
  const tx = pgHandle(async () => client);
  try {
    await client.query('BEGIN');
    const result = await transactionScope.run(tx, () => fn(tx));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// The helpers the application calls
// ---------------------------------------------------------------------------------------------

/**
 * Inside a transaction's callback the module helpers run in that transaction too (as every
 * statement on the one better-sqlite3 connection did), so functions that call them can be used
 * both inside and outside transactions.
 */
function current(): TxHandle {
  return transactionScope.getStore() ?? (dialect() === 'postgres' ? pgPooled : sqliteQueued);
}

/** Every row the query returns. */
export async function executeQuery<T = any>(sql: string, params: SqlParams = []): Promise<T[]> {
  return current().executeQuery<T>(sql, params);
}

/** The first row the query returns, or undefined. */
export async function executeQueryOne<T = any>(sql: string, params: SqlParams = []): Promise<T | undefined> {
  return current().executeQueryOne<T>(sql, params);
}

/** Runs an INSERT/UPDATE/DELETE (with or without RETURNING). */
export async function executeRun(sql: string, params: SqlParams = []): Promise<RunResult> {
  return current().executeRun(sql, params);
}

/** Runs several statements separated by semicolons (DDL, migrations); no parameters. */
export async function executeScript(sql: string): Promise<void> {
  return current().executeScript(sql);
}

/**
 * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (and the
 * error rethrown). Called inside another transaction's callback, it is a savepoint of that one.
 */
export async function executeTransaction<T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> {
  const outer = transactionScope.getStore();
  if (outer !== undefined) return savepoint(outer, fn);
  return dialect() === 'postgres' ? pgTransaction(fn) : sqliteTransaction(fn);
}

/**
 * Ends the PostgreSQL pool (scripts call it so that the process can exit). The SQLite connection
 * belongs to the application's connection module and stays open.
 */
export async function closeAdapter(): Promise<void> {
  const ending = pool;
  pool = null;
  if (ending !== null) await (await ending).end();
}
