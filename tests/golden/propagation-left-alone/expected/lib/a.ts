import { executeQueryOne } from '@/lib/db/adapter';

export async function load(id: number) {
  return await executeQueryOne('SELECT * FROM a WHERE id = ?', [id]);
}

export async function both() {
  return Promise.all([load(1), load(2)]);
}

export async function passThrough(id: number) {
  return load(id);
}

export async function awaited() {
  const row = await load(3);
  return row;
}
