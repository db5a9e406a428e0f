import { beforeEach, describe, expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'

const { requireRoleMock, limiterMock } = vi.hoisted(() => ({
  requireRoleMock: vi.fn(),
  limiterMock: vi.fn(() => null),
}))

vi.mock('@/lib/auth/sqlite-auth', () => ({
  requireRole: requireRoleMock,
}))
vi.mock('@/lib/auth/auth-service', () => ({
  requireRole: requireRoleMock,
}))

vi.mock('@/lib/rate-limit', () => ({
  mutationLimiter: limiterMock,
}))

import { POST } from '@/app/api/tasks/route'

function post(body: unknown) {
  return new NextRequest('http://localhost/api/tasks', { method: 'POST', body: JSON.stringify(body) })
}

describe('POST /api/tasks', () => {
  beforeEach(() => {
    requireRoleMock.mockReturnValue({ user: { id: 1, username: 'admin', role: 'admin' } })
  })

  it('rejects a task without a title', async () => {
    const res = await POST(post({}))
    expect(res.status).toBe(400)
  })

  it('creates a task', async () => {
    const res = await POST(post({ title: 'Ship it' }))
    expect(res.status).toBe(201)
    expect(requireRoleMock).toHaveBeenCalledWith(expect.anything(), 'operator')
  })
})
