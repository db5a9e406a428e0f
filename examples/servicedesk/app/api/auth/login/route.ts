import { authenticateUser, generateToken, AUTH_COOKIE } from '@/lib/auth/sqlite-auth'
import { getPermissions } from '@/lib/auth/permissions'
import { logAudit } from '@/lib/audit/audit-log'
import { loginSchema } from '@/lib/validation/schemas'
import { badRequest, errorResponse, readJson } from '@/lib/http/responses'

export async function POST(request: Request) {
  let credentials
  try {
    credentials = loginSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }

  const user = await authenticateUser(credentials.email, credentials.password)
  if (!user) {
    await logAudit({ action: 'login_failed', entityType: 'user', details: { email: credentials.email } })
    return errorResponse('Invalid email or password', 401)
  }

  const token = await generateToken(user)
  await logAudit({ organizationId: user.organization_id, userId: user.id, action: 'login', entityType: 'user', entityId: user.id })

  const response = Response.json({ token, user, permissions: getPermissions(user.role) })
  response.headers.append('Set-Cookie', `${AUTH_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=28800`)
  return response
}
