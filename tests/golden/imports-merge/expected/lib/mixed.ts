import { executeQuery, executeQueryOne } from '@/lib/db/adapter';
import db from '@/lib/db/connection';

export async function listed() {
  return executeQuery('SELECT * FROM a');
}

export async function one(id: number) {
  return await executeQueryOne('SELECT * FROM a WHERE id = ?', [id]);
}

export function streamAll() {
  return db.prepare('SELECT * FROM a').iterate();
}
