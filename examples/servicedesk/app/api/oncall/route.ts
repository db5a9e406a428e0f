import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { currentOnCall } from '@/lib/oncall/schedule'
import { json, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  return json({ oncall: currentOnCall(user.organization_id) })
}
