import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter';

export async function byId(id: number) {
  return await executeQueryOne('SELECT * FROM tickets WHERE id = ?', [id]);
}

export async function all() {
  return await executeQuery('SELECT * FROM tickets');
}

export async function filtered(...params: unknown[]) {
  return await executeQuery('SELECT * FROM tickets WHERE status = ? AND priority = ?', params);
}

export async function scoped(orgId: number, params: unknown[]) {
  return await executeQuery('SELECT * FROM tickets WHERE org = ? AND status = ?', [orgId, ...params]);
}

export async function close(id: number): Promise<void> {
  await executeRun("UPDATE tickets SET status = 'closed' WHERE id = ?", [id]);
}
