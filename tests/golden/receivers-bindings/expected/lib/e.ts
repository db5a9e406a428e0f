import { executeQueryOne } from '@/lib/db/adapter';

export async function count(table: string) {
  return await executeQueryOne(`SELECT COUNT(*) FROM ${table}`);
}
