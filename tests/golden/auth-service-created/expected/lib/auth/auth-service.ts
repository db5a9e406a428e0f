import { createHash } from 'crypto'
import { executeQueryOne } from '@/lib/db/adapter'

export interface User {
  id: number
  email: string
  role: 'admin' | 'agent' | 'user'
}

export async function getUserByEmail(email: string): Promise<User | undefined> {
  return await executeQueryOne<User>('SELECT id, email, role FROM users WHERE email = ?', email)
}

export async function getUserById(id: number): Promise<User | undefined> {
  return await executeQueryOne<User>('SELECT id, email, role FROM users WHERE id = ?', id)
}

export async function emailExists(email: string): Promise<boolean> {
  const row = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE email = ?', email) as { n: number }
  return row.n > 0
}

export async function verifyToken(token: string): Promise<User | undefined> {
  const id = Number(createHash('sha256').update(token).digest('hex').slice(0, 4))
  return getUserById(id)
}
