import { emailExists, getUserByEmail } from '../../../lib/auth/sqlite-auth'
import { canManage } from '@/lib/auth/permissions'

export async function POST(request: Request) {
  const { actor, email } = (await request.json()) as { actor: string; email: string }
  const me = getUserByEmail(actor)
  if (!me || !emailExists(email)) return new Response(null, { status: 404 })
  return Response.json({ allowed: canManage(me, 1) })
}
