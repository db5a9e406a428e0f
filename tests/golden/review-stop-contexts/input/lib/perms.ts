import db from '@/lib/db/connection';

export function isAllowed(userId: number): boolean {
  return Boolean(db.prepare('SELECT 1 FROM grants WHERE user_id = ?').get(userId));
}

export function visible(ids: number[]) {
  return ids.filter((id) => isAllowed(id));
}

export function labels(ids: number[]) {
  return ids.map((id) => isAllowed(id) ? 'yes' : 'no');
}
