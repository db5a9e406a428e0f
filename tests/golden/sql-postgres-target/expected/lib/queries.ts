import { executeQuery, executeRun } from '@/lib/db/adapter';

export async function active(search: string) {
  return await executeQuery(`
    SELECT u.id, u.name
    FROM users u
    WHERE u.is_active = TRUE   -- only active accounts
      AND u.name ILIKE ?
  `, [search]);
}

export async function setSetting(userId: number, key: string, value: string) {
  await executeRun('INSERT INTO user_settings (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value', [userId, key, value]);
}

export async function recent() {
  return await executeQuery("SELECT STRING_AGG(CAST(title AS TEXT), ', ') AS titles FROM tickets WHERE created_at > (CURRENT_TIMESTAMP - INTERVAL '7 days')");
}

export async function create(title: string) {
  const result = await executeRun('INSERT INTO tickets (title) VALUES (?) RETURNING id', [title]);
  return Number(result.lastInsertRowid);
}
