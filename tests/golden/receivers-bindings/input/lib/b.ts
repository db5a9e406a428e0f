import { getDb } from './db/connection';

export function b() {
  const db = getDb();
  return db.prepare('SELECT * FROM b').all();
}
