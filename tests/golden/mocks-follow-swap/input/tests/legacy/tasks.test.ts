import { expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'

vi.mock('@/lib/auth/sqlite-auth', () => ({ requireRole: () => ({ user: { id: 1, username: 'a', role: 'admin' } }) }))
vi.mock('@/lib/rate-limit', () => ({ mutationLimiter: () => null }))

import { POST } from '@/app/api/tasks/route'

it('needs a title', async () => {
  const res = await POST(new NextRequest('http://localhost/api/tasks', { method: 'POST', body: '{}' }))
  expect(res.status).toBe(400)
})
