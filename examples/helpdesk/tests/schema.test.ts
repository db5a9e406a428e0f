import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { countRows, createTestDatabase } from './helpers/sqlite-test-db';

const tableNames = (sql: string) => [...sql.matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]);
const insertRows = (sql: string) => [...sql.matchAll(/^\s+\(.*\)[,;]\s*$/gm)].length;

describe('schema files', () => {
  it('seed the expected rows', () => {
    const db = createTestDatabase();
    assert.equal(countRows(db, 'organizations'), 2);
    assert.equal(countRows(db, 'users'), 6);
    assert.equal(countRows(db, 'tickets'), 10);
    assert.equal(countRows(db, 'cmdb_relationships'), 3);
    db.close();
  });

  it('keep both dialects in step', () => {
    const dir = path.resolve(__dirname, '..', 'lib', 'db');
    const sqlite = fs.readFileSync(path.join(dir, 'schema.sqlite.sql'), 'utf8');
    const postgres = fs.readFileSync(path.join(dir, 'schema.postgres.sql'), 'utf8');
    assert.deepEqual(tableNames(postgres), tableNames(sqlite));
    assert.equal(insertRows(postgres), insertRows(sqlite));
  });
});
