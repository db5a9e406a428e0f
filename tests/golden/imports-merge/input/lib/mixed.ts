import { executeQuery } from '@/lib/db/adapter';
import db from '@/lib/db/connection';

export async function listed() {
  return executeQuery('SELECT * FROM a');
}

export function one(id: number) {
  return db.prepare('SELECT * FROM a WHERE id = ?').get(id);
}

export function streamAll() {
  return db.prepare('SELECT * FROM a').iterate();
}
