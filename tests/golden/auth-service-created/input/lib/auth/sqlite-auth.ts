import db from '../db/connection'
import { createHash } from 'crypto'

export interface User {
  id: number
  email: string
  role: 'admin' | 'agent' | 'user'
}

export function getUserByEmail(email: string): User | undefined {
  return db.prepare('SELECT id, email, role FROM users WHERE email = ?').get(email) as User | undefined
}

export function getUserById(id: number): User | undefined {
  return db.prepare('SELECT id, email, role FROM users WHERE id = ?').get(id) as User | undefined
}

export function emailExists(email: string): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM users WHERE email = ?').get(email) as { n: number }
  return row.n > 0
}

export async function verifyToken(token: string): Promise<User | undefined> {
  const id = Number(createHash('sha256').update(token).digest('hex').slice(0, 4))
  return getUserById(id)
}
