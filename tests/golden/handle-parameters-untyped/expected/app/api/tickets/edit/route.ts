import { NextResponse } from 'next/server'
import { buildIdentity } from '@/lib/auth/identity'
import { canEdit } from '@/lib/tickets/permissions'

export async function POST(request: Request) {
  const userId = Number(request.headers.get('x-user-id'))
  const ticketId = Number(new URL(request.url).searchParams.get('id'))
  const identity = await buildIdentity(userId)
  if (!identity || !await canEdit(identity.id, ticketId)) {
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 })
  }
  return NextResponse.json({ ok: true })
}
