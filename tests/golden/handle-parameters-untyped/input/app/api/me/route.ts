import { NextResponse } from 'next/server'
import { getDatabase } from '@/lib/db/connection'
import { buildIdentity } from '@/lib/auth/identity'
import { countRows } from '@/lib/reports/counts'

export function GET(request: Request) {
  const userId = Number(request.headers.get('x-user-id'))
  const identity = buildIdentity(getDatabase(), userId)
  if (!identity) return NextResponse.json({ error: 'Not found' }, { status: 404 })
  return NextResponse.json({ ...identity, tickets: countRows(getDatabase(), 'tickets') })
}
