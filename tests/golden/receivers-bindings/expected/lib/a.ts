import { executeQueryOne } from '@/lib/db/adapter';

export async function a(id: number) {
  return await executeQueryOne('SELECT * FROM a WHERE id = ?', [id]);
}
