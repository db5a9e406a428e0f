import { NextRequest, NextResponse } from 'next/server'
import { requireRole } from '@/lib/auth/sqlite-auth'
import { mutationLimiter } from '@/lib/rate-limit'

export async function POST(request: NextRequest) {
  const auth = requireRole(request, 'operator')
  if ('error' in auth) return NextResponse.json({ error: auth.error }, { status: auth.status })
  const limited = mutationLimiter(request)
  if (limited) return limited
  const body = await request.json()
  if (!body.title) return NextResponse.json({ error: 'Title is required' }, { status: 400 })
  return NextResponse.json({ task: { title: body.title, created_by: auth.user.username } }, { status: 201 })
}
