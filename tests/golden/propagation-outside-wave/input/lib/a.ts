import db from '@/lib/db/connection';

export function load(id: number) {
  return db.prepare('SELECT * FROM a WHERE id = ?').get(id);
}
