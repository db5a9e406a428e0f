import { getDatabase } from '@/lib/db/connection';

export function report() {
  const database = getDatabase();
  return database.prepare('SELECT * FROM r').all();
}
