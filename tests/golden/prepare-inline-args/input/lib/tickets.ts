import db from '@/lib/db/connection';

export function byId(id: number) {
  return db.prepare('SELECT * FROM tickets WHERE id = ?').get(id);
}

export function all() {
  return db.prepare('SELECT * FROM tickets').all();
}

export function filtered(...params: unknown[]) {
  return db.prepare('SELECT * FROM tickets WHERE status = ? AND priority = ?').all(...params);
}

export function scoped(orgId: number, params: unknown[]) {
  return db.prepare('SELECT * FROM tickets WHERE org = ? AND status = ?').all(orgId, ...params);
}

export function close(id: number): void {
  db.prepare("UPDATE tickets SET status = 'closed' WHERE id = ?").run(id);
}
