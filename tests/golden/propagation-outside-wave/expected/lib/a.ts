import { executeQueryOne } from '@/lib/db/adapter';

export async function load(id: number) {
  return await executeQueryOne('SELECT * FROM a WHERE id = ?', [id]);
}
