import db from '@/lib/db/connection';

export function counts(open: boolean) {
  const total = (db.prepare('SELECT COUNT(*) AS count FROM tickets').get() as { count: number }).count;
  const id = db.prepare('INSERT INTO log (msg) VALUES (?)').run('counted').lastInsertRowid;
  return {
    total,
    id,
    open: open ? db.prepare('SELECT * FROM tickets WHERE open = 1').all() : [],
    names: db.prepare('SELECT name FROM users').all().map((r: any) => r.name),
    first: JSON.stringify(db.prepare('SELECT * FROM users LIMIT 1').get()),
  };
}

export const latest = () => db.prepare('SELECT * FROM tickets ORDER BY id DESC LIMIT 1').get();
