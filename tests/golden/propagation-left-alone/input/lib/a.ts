import db from '@/lib/db/connection';

export function load(id: number) {
  return db.prepare('SELECT * FROM a WHERE id = ?').get(id);
}

export async function both() {
  return Promise.all([load(1), load(2)]);
}

export function passThrough(id: number) {
  return load(id);
}

export async function awaited() {
  const row = await load(3);
  return row;
}
