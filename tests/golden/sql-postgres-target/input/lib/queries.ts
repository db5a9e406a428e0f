import { executeQuery, executeRun } from '@/lib/db/adapter';

export async function active(search: string) {
  return await executeQuery(`
    SELECT u.id, u.name
    FROM users u
    WHERE u.is_active = 1   -- only active accounts
      AND u.name LIKE ?
  `, [search]);
}

export async function setSetting(userId: number, key: string, value: string) {
  await executeRun('INSERT OR REPLACE INTO user_settings (user_id, key, value) VALUES (?, ?, ?)', [userId, key, value]);
}

export async function recent() {
  return await executeQuery("SELECT GROUP_CONCAT(title, ', ') AS titles FROM tickets WHERE created_at > datetime('now', '-7 days')");
}

export async function create(title: string) {
  const result = await executeRun('INSERT INTO tickets (title) VALUES (?)', [title]);
  return Number(result.lastInsertRowid);
}
