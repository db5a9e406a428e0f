import { describe, expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'

vi.mock('../sqlite-auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../sqlite-auth')>()),
  requireRole: vi.fn(() => ({ user: { id: 7, username: 'ops', role: 'admin' } })),
}))

import { GET } from '@/app/api/users/route'

describe('GET /api/users', () => {
  it('answers for an admin', async () => {
    const res = await GET(new NextRequest('http://localhost/api/users', { headers: { 'x-user': '{"id":7,"username":"ops","role":"admin"}' } }))
    expect(res.status).toBe(200)
  })
})
