import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter';

export async function counts(open: boolean) {
  const total = (await executeQueryOne<{ count: number }>('SELECT COUNT(*) AS count FROM tickets') as { count: number }).count;
  const id = (await executeRun('INSERT INTO log (msg) VALUES (?)', ['counted'])).lastInsertRowid;
  return {
    total,
    id,
    open: open ? await executeQuery('SELECT * FROM tickets WHERE open = 1') : [],
    names: (await executeQuery('SELECT name FROM users')).map((r: any) => r.name),
    first: JSON.stringify(await executeQueryOne('SELECT * FROM users LIMIT 1')),
  };
}

export const latest = async () => await executeQueryOne('SELECT * FROM tickets ORDER BY id DESC LIMIT 1');
