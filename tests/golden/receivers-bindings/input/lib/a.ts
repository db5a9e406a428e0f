import conn from '../lib/db/connection';

export function a(id: number) {
  return conn.prepare('SELECT * FROM a WHERE id = ?').get(id);
}
