import { getDb } from './connection';

export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly id: number | string) {
    super(`${entity} ${id} not found`);
  }
}

export class DatabaseError extends Error {
  constructor(readonly context: string, readonly cause: unknown) {
    super(`database error while trying to ${context}`);
  }
}

/** Runs a query, turning a driver failure into a DatabaseError that names what was being done. */
export function safeQuery<T>(query: () => T, context: string): T {
  try {
    return query();
  } catch (error) {
    throw new DatabaseError(context, error);
  }
}

export function findOne<T>(sql: string, ...params: unknown[]): T | undefined {
  return getDb().prepare(sql).get(...params) as T | undefined;
}

export function findAll<T>(sql: string, ...params: unknown[]): T[] {
  return getDb().prepare(sql).all(...params) as T[];
}

export function getOrThrow<T>(table: 'tickets' | 'users' | 'kb_articles' | 'cmdb_items' | 'workflows', id: number): T {
  const row = getDb().prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id);
  if (!row) throw new NotFoundError(table, id);
  return row as T;
}

export function exists(table: string, id: number): boolean {
  const row = getDb().prepare(`SELECT 1 AS found FROM ${table} WHERE id = ?`).get(id) as any;
  return Boolean(row?.found);
}

export function countRows(table: string, where = '1 = 1', ...params: unknown[]): number {
  return (getDb().prepare(`SELECT COUNT(*) AS count FROM ${table} WHERE ${where}`).get(...params) as { count: number }).count;
}
