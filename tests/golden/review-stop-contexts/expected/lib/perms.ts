import { executeQueryOne } from '@/lib/db/adapter';

export async function isAllowed(userId: number): Promise<boolean> {
  return Boolean(await executeQueryOne('SELECT 1 FROM grants WHERE user_id = ?', [userId]));
}

export function visible(ids: number[]) {
  return ids.filter((id) => isAllowed(id));
}

export async function labels(ids: number[]) {
  return await Promise.all(ids.map(async (id) => await isAllowed(id) ? 'yes' : 'no'));
}
