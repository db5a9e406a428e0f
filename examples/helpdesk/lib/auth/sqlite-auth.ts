import bcrypt from 'bcryptjs';
import { SignJWT, jwtVerify } from 'jose';
import db from '@/lib/db/connection';
import type { AuthUser, Organization, PublicUser, User, UserRole } from '@/lib/types';

const JWT_SECRET = new TextEncoder().encode(
  process.env.JWT_SECRET ?? 'helpdesk-dev-secret-change-me-in-production'
);
const TOKEN_TTL = process.env.JWT_TTL ?? '8h';
const BCRYPT_ROUNDS = 10;

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  organizationId: number;
  role?: UserRole;
}

export function toPublicUser(user: User): PublicUser {
  const { password_hash: _hash, ...rest } = user;
  return rest;
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

export function getUserByEmail(email: string): User | undefined {
  return db.prepare('SELECT * FROM users WHERE email = ?').get(email.toLowerCase()) as User | undefined;
}

export function getUserById(id: number): User | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined;
}

export function emailExists(email: string): boolean {
  const row = db.prepare('SELECT COUNT(*) as count FROM users WHERE email = ?').get(email.toLowerCase()) as { count: number };
  return row.count > 0;
}

export function getAllUsers(organizationId?: number): PublicUser[] {
  const rows = organizationId
    ? (db.prepare('SELECT * FROM users WHERE organization_id = ? AND is_active = 1 ORDER BY name').all(organizationId) as User[])
    : (db.prepare('SELECT * FROM users WHERE is_active = 1 ORDER BY name').all() as User[]);
  return rows.map(toPublicUser);
}

export function updateUser(
  id: number,
  updates: Partial<Pick<User, 'name' | 'email' | 'role'>> & { isActive?: boolean }
): User | undefined {
  const fields: string[] = [];
  const values: unknown[] = [];
  if (updates.name !== undefined) {
    fields.push('name = ?');
    values.push(updates.name);
  }
  if (updates.email !== undefined) {
    fields.push('email = ?');
    values.push(updates.email.toLowerCase());
  }
  if (updates.role !== undefined) {
    fields.push('role = ?');
    values.push(updates.role);
  }
  if (updates.isActive !== undefined) {
    fields.push('is_active = ?');
    values.push(updates.isActive ? 1 : 0);
  }
  if (fields.length === 0) return getUserById(id);

  db.prepare(`UPDATE users SET ${fields.join(', ')}, updated_at = datetime('now') WHERE id = ?`).run(...values, id);
  return getUserById(id);
}

export function deleteUser(id: number): boolean {
  const result = db.prepare('UPDATE users SET is_active = 0, updated_at = datetime(\'now\') WHERE id = ?').run(id);
  return result.changes > 0;
}

export function getOrganizationById(id: number): Organization | undefined {
  return db.prepare('SELECT * FROM organizations WHERE id = ?').get(id) as Organization | undefined;
}

// ---------------------------------------------------------------------------
// Passwords and tokens
// ---------------------------------------------------------------------------

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

export async function createUser(input: CreateUserInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  const result = db
    .prepare('INSERT INTO users (organization_id, email, name, password_hash, role) VALUES (?, ?, ?, ?, ?)')
    .run(input.organizationId, input.email.toLowerCase(), input.name, passwordHash, input.role ?? 'user');
  const user = getUserById(Number(result.lastInsertRowid));
  if (!user) throw new Error('User creation failed');
  return toPublicUser(user);
}

export async function generateToken(user: Pick<User, 'id' | 'email' | 'role' | 'organization_id'>): Promise<string> {
  return new SignJWT({ email: user.email, role: user.role, organizationId: user.organization_id })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(user.id))
    .setIssuedAt()
    .setExpirationTime(TOKEN_TTL)
    .sign(JWT_SECRET);
}

export async function verifyToken(token: string): Promise<AuthUser | null> {
  try {
    const { payload } = await jwtVerify(token, JWT_SECRET, { algorithms: ['HS256'] });
    if (!payload.sub) return null;
    return {
      userId: Number(payload.sub),
      email: String(payload.email),
      role: payload.role as UserRole,
      organizationId: Number(payload.organizationId),
    };
  } catch {
    return null;
  }
}

export async function authenticateUser(
  email: string,
  password: string
): Promise<{ user: PublicUser; token: string } | null> {
  const user = getUserByEmail(email);
  if (!user || !user.is_active) return null;

  const valid = await verifyPassword(password, user.password_hash);
  if (!valid) return null;

  db.prepare("UPDATE users SET last_login_at = datetime('now') WHERE id = ?").run(user.id);
  const token = await generateToken(user);
  return { user: toPublicUser(user), token };
}

export async function verifyAuth(request: Request): Promise<AuthUser | null> {
  const header = request.headers.get('authorization') ?? '';
  if (header.startsWith('Bearer ')) {
    return verifyToken(header.slice('Bearer '.length).trim());
  }
  return verifyTokenFromCookies(request.headers.get('cookie'));
}

export async function verifyTokenFromCookies(cookieHeader: string | null | undefined): Promise<AuthUser | null> {
  if (!cookieHeader) return null;
  const cookie = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('auth_token='));
  if (!cookie) return null;
  return verifyToken(decodeURIComponent(cookie.slice('auth_token='.length)));
}
