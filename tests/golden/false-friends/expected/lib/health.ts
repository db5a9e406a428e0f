import { getDatabase } from '@/lib/db/adapter';

export async function ping() {
  const database = getDatabase();
  return database;
}
