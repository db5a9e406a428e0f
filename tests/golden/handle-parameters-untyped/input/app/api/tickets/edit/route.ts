import { NextResponse } from 'next/server'
import { getDatabase } from '@/lib/db/connection'
import { buildIdentity } from '@/lib/auth/identity'
import { canEdit } from '@/lib/tickets/permissions'

export function POST(request: Request) {
  const db = getDatabase()
  const userId = Number(request.headers.get('x-user-id'))
  const ticketId = Number(new URL(request.url).searchParams.get('id'))
  const identity = buildIdentity(db, userId)
  if (!identity || !canEdit(db, identity.id, ticketId)) {
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 })
  }
  return NextResponse.json({ ok: true })
}
