import { expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'
import { requireRole } from '@/lib/auth/sqlite-auth'
import { GET } from '@/app/api/users/route'

vi.mock('@/lib/auth/sqlite-auth')

it('answers 401 when the role check fails', async () => {
  vi.mocked(requireRole).mockReturnValue({ error: 'Authentication required', status: 401 })
  const res = await GET(new NextRequest('http://localhost/api/users'))
  expect(res.status).toBe(401)
})
