import type Database from 'better-sqlite3';

export function count(database: Database.Database, table: string) {
  return database.prepare(`SELECT COUNT(*) FROM ${table}`).get();
}
