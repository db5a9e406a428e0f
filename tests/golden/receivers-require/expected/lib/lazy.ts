import { format } from './format';
import { executeQuery } from '@/lib/db/adapter';

export async function latest(limit: number) {
  // loaded on first use: the connection opens the database file
  return (await executeQuery('SELECT * FROM tickets ORDER BY id DESC LIMIT ?', [limit])).map(format);
}
