import { TEST_SQLITE_PATH } from './env';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SQLITE_SCHEMA = path.join(ROOT, 'lib', 'db', 'schema.sqlite.sql');
const POSTGRES_SCHEMA = path.join(ROOT, 'lib', 'db', 'schema.postgres.sql');

export const usingPostgres = Boolean(process.env.DATABASE_URL);

async function resetPostgres(): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await client.query(fs.readFileSync(POSTGRES_SCHEMA, 'utf8'));
  } finally {
    await client.end();
  }
}

async function resetSqlite(): Promise<void> {
  const { getConnection } = await import('../../lib/db/connection');
  const conn = getConnection();
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string }>;
  conn.pragma('foreign_keys = OFF');
  conn.exec(tables.map((t) => `DROP TABLE IF EXISTS "${t.name}";`).join('\n'));
  conn.exec(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
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
