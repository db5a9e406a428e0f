import { describe, expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'
import { GET } from '@/app/api/users/route'

vi.mock(import('@/lib/auth/sqlite-auth'), async (importOriginal) => {
  const actual = await importOriginal()
  return { ...actual, requireRole: () => ({ user: { id: 3, username: 'root', role: 'admin' as const } }) }
})
vi.mock(import('@/lib/auth/auth-service'), async (importOriginal) => {
  const actual = await importOriginal()
  return { ...actual, requireRole: () => ({ user: { id: 3, username: 'root', role: 'admin' as const } }) }
})

describe('GET /api/users', () => {
  it('lets an admin in', async () => {
    const res = await GET(new NextRequest('http://localhost/api/users'))
    expect(res.status).toBe(200)
  })
})
