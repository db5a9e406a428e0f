import { getDb } from '@/lib/db/connection';
import type { UserSetting } from '@/lib/types';

const DEFAULTS: Record<string, string> = {
  theme: 'light',
  language: 'en',
  email_notifications: 'true',
  page_size: '20',
};

export function getSettings(userId: number): Record<string, string> {
  const db = getDb();
  const rows = db.prepare('SELECT key, value FROM user_settings WHERE user_id = ?').all(userId) as Array<Pick<UserSetting, 'key' | 'value'>>;
  const settings = { ...DEFAULTS };
  for (const row of rows) {
    if (row.value !== null) settings[row.key] = row.value;
  }
  return settings;
}

export function getSetting(userId: number, key: string): string | undefined {
  const db = getDb();
  const row = db.prepare('SELECT value FROM user_settings WHERE user_id = ? AND key = ?').get(userId, key) as
    | { value: string | null }
    | undefined;
  return row?.value ?? DEFAULTS[key];
}

export function setSetting(userId: number, key: string, value: string): void {
  const db = getDb();
  db.prepare("INSERT OR REPLACE INTO user_settings (user_id, key, value, updated_at) VALUES (?, ?, ?, datetime('now'))").run(
    userId,
    key,
    value
  );
}

export function setSettings(userId: number, values: Record<string, string>): Record<string, string> {
  const db = getDb();
  const stmt = db.prepare("INSERT OR REPLACE INTO user_settings (user_id, key, value, updated_at) VALUES (?, ?, ?, datetime('now'))");
  db.transaction(() => {
    Object.entries(values).forEach(([key, value]) => stmt.run(userId, key, String(value)));
  })();
  return getSettings(userId);
}

export function resetSettings(userId: number): number {
  return getDb().prepare('DELETE FROM user_settings WHERE user_id = ?').run(userId).changes;
}
