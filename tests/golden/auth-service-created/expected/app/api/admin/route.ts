import { emailExists, getUserByEmail } from '@/lib/auth/auth-service'
import { canManage } from '@/lib/auth/permissions'

export async function POST(request: Request) {
  const { actor, email } = (await request.json()) as { actor: string; email: string }
  const me = await getUserByEmail(actor)
  if (!me || !await emailExists(email)) return new Response(null, { status: 404 })
  return Response.json({ allowed: await canManage(me, 1) })
}
