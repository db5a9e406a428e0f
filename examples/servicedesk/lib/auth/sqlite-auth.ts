import bcrypt from 'bcryptjs'
import { SignJWT, jwtVerify } from 'jose'
import db from '@/lib/db/connection'
import type { AuthUser, Organization, PublicUser, Role, User } from '@/lib/types'

const JWT_SECRET = new TextEncoder().encode(process.env.JWT_SECRET || 'servicedesk-dev-secret-change-me-please')
const TOKEN_TTL = process.env.JWT_TTL || '8h'
export const AUTH_COOKIE = 'sd_session'

export interface TokenPayload {
  userId: number
  email: string
  role: Role
  organizationId: number
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

export function getUserByEmail(email: string): User | undefined {
  return db.prepare('SELECT * FROM users WHERE email = ? AND is_active = 1').get(email.trim().toLowerCase()) as
    | User
    | undefined
}

export function getUserById(id: number): PublicUser | undefined {
  return db
    .prepare(
      'SELECT id, organization_id, email, name, role, team, is_active, last_login_at, created_at, updated_at FROM users WHERE id = ?'
    )
    .get(id) as PublicUser | undefined
}

export function emailExists(email: string): boolean {
  const row = db.prepare('SELECT COUNT(*) AS count FROM users WHERE email = ?').get(email.trim().toLowerCase()) as {
    count: number
  }
  return row.count > 0
}

export function getAllUsers(organizationId: number): PublicUser[] {
  return db
    .prepare(
      'SELECT id, organization_id, email, name, role, team, is_active, last_login_at, created_at, updated_at FROM users WHERE organization_id = ? ORDER BY id'
    )
    .all(organizationId) as PublicUser[]
}

export function updateUser(id: number, fields: Partial<Pick<User, 'name' | 'role' | 'team'>>): boolean {
  const sets: string[] = []
  const values: (string | number | null)[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    sets.push(`${key} = ?`)
    values.push(value as string | null)
  }
  if (sets.length === 0) return false
  values.push(id)
  const result = db.prepare(`UPDATE users SET ${sets.join(', ')}, updated_at = datetime('now') WHERE id = ?`).run(...values)
  return result.changes > 0
}

export function deleteUser(id: number): boolean {
  // soft delete: tickets keep their requester
  return db.prepare("UPDATE users SET is_active = 0, updated_at = datetime('now') WHERE id = ?").run(id).changes > 0
}

export function getOrganizationById(id: number): Organization | undefined {
  return db.prepare('SELECT * FROM organizations WHERE id = ?').get(id) as Organization | undefined
}

// ---------------------------------------------------------------------------
// Passwords, users
// ---------------------------------------------------------------------------

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10)
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash)
}

export async function createUser(input: {
  email: string
  name: string
  password: string
  organizationId: number
  role?: Role
}): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password)
  const result = db
    .prepare(
      `INSERT INTO users (organization_id, email, name, password_hash, role, is_active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, datetime('now'), datetime('now'))`
    )
    .run(input.organizationId, input.email.trim().toLowerCase(), input.name, passwordHash, input.role ?? 'user')
  return getUserById(Number(result.lastInsertRowid))!
}

export async function authenticateUser(email: string, password: string): Promise<PublicUser | null> {
  const user = getUserByEmail(email)
  if (!user) return null
  const valid = await verifyPassword(password, user.password_hash)
  if (!valid) return null
  db.prepare("UPDATE users SET last_login_at = datetime('now') WHERE id = ?").run(user.id)
  const { password_hash: _omit, ...publicUser } = user
  return publicUser
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

export async function generateToken(user: Pick<User, 'id' | 'email' | 'role' | 'organization_id'>): Promise<string> {
  return new SignJWT({ userId: user.id, email: user.email, role: user.role, organizationId: user.organization_id })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(TOKEN_TTL)
    .sign(JWT_SECRET)
}

export async function verifyToken(token: string): Promise<TokenPayload | null> {
  try {
    const { payload } = await jwtVerify(token, JWT_SECRET)
    if (typeof payload.userId !== 'number') return null
    return payload as unknown as TokenPayload
  } catch {
    return null
  }
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

export async function verifyTokenFromCookies(cookieHeader: string | null): Promise<TokenPayload | null> {
  const token = readCookie(cookieHeader, AUTH_COOKIE)
  return token ? verifyToken(token) : null
}

/** The signed-in user of a request (bearer token or session cookie), or null. */
export async function verifyAuth(request: Request): Promise<AuthUser | null> {
  const header = request.headers.get('authorization')
  const payload = header?.startsWith('Bearer ')
    ? await verifyToken(header.slice(7))
    : await verifyTokenFromCookies(request.headers.get('cookie'))
  if (!payload) return null

  const user = getUserById(payload.userId)
  if (!user || !user.is_active) return null
  return { id: user.id, email: user.email, name: user.name, role: user.role, organization_id: user.organization_id }
}
