import db from '@/lib/db/connection';
import type { User } from './types';

export function get(id: number) {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined;
}

export function list() {
  return db.prepare('SELECT * FROM users').all() as User[];
}

export function count() {
  return db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number } | undefined;
}

export function raw() {
  return db.prepare('SELECT * FROM users').all() as any[];
}

export function one() {
  return db.prepare('SELECT * FROM users LIMIT 1').get() as any;
}
