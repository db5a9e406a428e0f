import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter';

export async function one(id: number) {
  return await executeQueryOne('SELECT * FROM tags WHERE id = ?', [id]);
}

export async function loop(ids: number[]) {
  for (const id of ids) {
    await executeRun('DELETE FROM tags WHERE id = ?', [id]);
  }
}

export async function each(items: { id: number; name: string }[]) {
  for (const item of items) { await executeRun('UPDATE tags SET name = ? WHERE id = ?', [item.name, item.id]); }
}

export async function twice(a: number, b: number) {
  const findSql = 'SELECT * FROM tags WHERE id = ?';
  return [await executeQueryOne(findSql, [a]), await executeQueryOne(findSql, [b])];
}

export async function chosen(archived: boolean) {
  const listSql = archived ? 'SELECT * FROM tags WHERE archived = 1' : 'SELECT * FROM tags';
  return await executeQuery(listSql);
}
