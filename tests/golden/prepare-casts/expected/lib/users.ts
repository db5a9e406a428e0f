import type { User } from './types';
import { executeQuery, executeQueryOne } from '@/lib/db/adapter';

export async function get(id: number) {
  return await executeQueryOne<User>('SELECT * FROM users WHERE id = ?', [id]);
}

export async function list() {
  return await executeQuery<User>('SELECT * FROM users');
}

export async function count() {
  return await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM users');
}

export async function raw() {
  return await executeQuery('SELECT * FROM users');
}

export async function one() {
  return await executeQueryOne('SELECT * FROM users LIMIT 1');
}
