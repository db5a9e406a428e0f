import db from '@/lib/db/connection';

export function one(id: number) {
  const stmt = db.prepare('SELECT * FROM tags WHERE id = ?');
  return stmt.get(id);
}

export function loop(ids: number[]) {
  const del = db.prepare('DELETE FROM tags WHERE id = ?');
  for (const id of ids) {
    del.run(id);
  }
}

export function each(items: { id: number; name: string }[]) {
  const rename = db.prepare('UPDATE tags SET name = ? WHERE id = ?');
  items.forEach((item) => rename.run(item.name, item.id));
}

export function twice(a: number, b: number) {
  const find = db.prepare('SELECT * FROM tags WHERE id = ?');
  return [find.get(a), find.get(b)];
}

export function chosen(archived: boolean) {
  const list = archived ? db.prepare('SELECT * FROM tags WHERE archived = 1') : db.prepare('SELECT * FROM tags');
  return list.all();
}
