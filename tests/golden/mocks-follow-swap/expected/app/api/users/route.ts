import { NextRequest, NextResponse } from 'next/server'
import { getUserFromRequest, requireRole } from '@/lib/auth/auth-service'

export async function GET(request: NextRequest) {
  const auth = requireRole(request, 'admin')
  if ('error' in auth) return NextResponse.json({ error: auth.error }, { status: auth.status })
  return NextResponse.json({ me: getUserFromRequest(request) })
}
