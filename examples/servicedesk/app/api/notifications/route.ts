import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { listNotifications, markAllRead, markRead, unreadCount } from '@/lib/notifications/notification-service'
import { badRequest, json, readJson, searchParams, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const unreadOnly = searchParams(request).get('unread') === '1'
  return json({ notifications: listNotifications(user.id, unreadOnly), unread: unreadCount(user.id) })
}

/** Marks notifications read: `{ ids: [...] }` or `{ all: true }`. */
export async function PATCH(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const body = await readJson<{ ids?: unknown; all?: unknown }>(request).catch(() => null)
  if (body?.all === true) {
    return json({ updated: markAllRead(user.id), unread: 0 })
  }
  if (!body || !Array.isArray(body.ids) || !body.ids.every((id) => Number.isInteger(id))) {
    return badRequest(new Error('ids must be a list of notification ids'))
  }
  const updated = markRead(user.id, body.ids as number[])
  return json({ updated, unread: unreadCount(user.id) })
}
