import { executeQuery, executeQueryOne } from '@/lib/db/adapter';

interface User { id: number; name: string }

export async function find(id: number): Promise<User | null> {
  return (await executeQueryOne<User>('SELECT * FROM users WHERE id = ?', [id])) ?? null;
}

export async function names(): Promise<string[]> {
  return (await executeQuery<{ name: string }>('SELECT name FROM users')).map((r) => r.name);
}

export async function greet(id: number): Promise<string> {
  const user = await find(id);
  return `hello ${user?.name}`;
}
