import { executeQuery } from '@/lib/db/adapter';

export async function b() {
  return await executeQuery('SELECT * FROM b');
}
