import { executeQuery } from '@/lib/db/adapter';

export async function report() {
  return await executeQuery('SELECT * FROM r');
}
