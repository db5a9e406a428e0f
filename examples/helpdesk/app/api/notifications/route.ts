import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { countUnread, listNotifications, markAllAsRead, markAsRead } from '@/lib/notifications/notification-service';
import { jsonError, readJson, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const unreadOnly = new URL(request.url).searchParams.get('unread') === 'true';
  return Response.json({
    notifications: listNotifications(user.userId, unreadOnly),
    unread: countUnread(user.userId),
  });
}

/** Marks notifications as read: `{ ids: [...] }` or `{ all: true }`. */
export async function PUT(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const body = await readJson<{ ids?: number[]; all?: boolean }>(request);
  if (!body) return jsonError('Invalid JSON body', 400);

  const updated = body.all ? markAllAsRead(user.userId) : markAsRead(user.userId, (body.ids ?? []).map(Number));
  if (!body.all && updated === 0) return jsonError('No matching notifications', 404);
  return Response.json({ updated, unread: countUnread(user.userId) });
}
