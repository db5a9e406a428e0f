import db from '@/lib/db/connection';

interface User { id: number; name: string }

export function find(id: number): User | null {
  return (db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined) ?? null;
}

export function names(): string[] {
  return (db.prepare('SELECT name FROM users').all() as { name: string }[]).map((r) => r.name);
}

export async function greet(id: number): Promise<string> {
  const user = find(id);
  return `hello ${user?.name}`;
}
