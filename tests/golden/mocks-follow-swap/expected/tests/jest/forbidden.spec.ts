import { NextRequest } from 'next/server'

describe('GET /api/users as a viewer', () => {
  beforeEach(() => {
    jest.resetModules()
  })

  it('is forbidden', async () => {
    jest.doMock('../../lib/auth/sqlite-auth', () => ({
      getUserFromRequest: () => null,
      requireRole: () => ({ error: 'Forbidden', status: 403 }),
    }))
    jest.doMock('../../lib/auth/auth-service', () => ({
      getUserFromRequest: () => null,
      requireRole: () => ({ error: 'Forbidden', status: 403 }),
    }))
    const { GET } = await import('@/app/api/users/route')
    const res = await GET(new NextRequest('http://localhost/api/users'))
    expect(res.status).toBe(403)
  })
})
