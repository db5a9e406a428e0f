import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { getPreferences, setPreference } from '@/lib/notifications/notification-service'
import { badRequest, json, readJson, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  return json({ preferences: getPreferences(user.id) })
}

export async function PUT(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const body = await readJson<{ event_type?: unknown; enabled?: unknown }>(request).catch(() => null)
  if (!body || typeof body.event_type !== 'string' || typeof body.enabled !== 'boolean') {
    return badRequest(new Error('event_type and enabled are required'))
  }
  setPreference(user.id, body.event_type, body.enabled)
  return json({ preferences: getPreferences(user.id) })
}
