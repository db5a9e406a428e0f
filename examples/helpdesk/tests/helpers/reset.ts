import { TEST_SQLITE_PATH } from './env';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SQLITE_SCHEMA = path.join(ROOT, 'lib', 'db', 'schema.sqlite.sql');
const POSTGRES_SCHEMA = path.join(ROOT, 'lib', 'db', 'schema.postgres.sql');
const POSTGRES_MIGRATIONS = path.join(ROOT, 'db', 'migrations', 'postgres');

/** The statements of a SQL file (split at semicolons that end a line). */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

async function resetPostgres(): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    // The schema file is written in reading order, not dependency order (a foreign key may name a
    // table created further down): statements whose relation does not exist yet go round again.
    let pending = statements(fs.readFileSync(POSTGRES_SCHEMA, 'utf8'));
    for (let round = 0; pending.length > 0; round++) {
      const failed: string[] = [];
      let lastError: unknown;
      for (const statement of pending) {
        try {
          await client.query(statement);
        } catch (error) {
          if ((error as { code?: string }).code !== '42P01' || round >= 5) throw error;
          failed.push(statement);
          lastError = error;
        }
      }
      if (failed.length === pending.length) throw lastError;
      pending = failed;
    }
    const migrations = fs.existsSync(POSTGRES_MIGRATIONS) ? fs.readdirSync(POSTGRES_MIGRATIONS).filter((f) => f.endsWith('.sql')).sort() : [];
    for (const file of migrations) {
      await client.query(fs.readFileSync(path.join(POSTGRES_MIGRATIONS, file), 'utf8'));
    }
  } finally {
    await client.end();
  }
}

async function resetSqlite(): Promise<void> {
  const { applyMigrations, getConnection } = await import('../../lib/db/connection');
  const conn = getConnection();
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string }>;
  conn.pragma('foreign_keys = OFF');
  conn.exec(tables.map((t) => `DROP TABLE IF EXISTS "${t.name}";`).join('\n'));
  conn.exec(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
  applyMigrations(conn);
  conn.pragma('foreign_keys = ON');
}

/** Restores the schema and the seed data on whichever backend the tests run against. */
export async function resetDatabase(): Promise<void> {
  if (usingPostgres) {
    await resetPostgres();
  } else {
    if (!TEST_SQLITE_PATH) throw new Error('SQLITE_PATH was not set by tests/helpers/env');
    await resetSqlite();
  }
}

/** Releases connections so the test process can exit. */
export async function closeDatabase(): Promise<void> {
  const { closeAdapter } = await import('../../lib/db/adapter');
  await closeAdapter();
}
