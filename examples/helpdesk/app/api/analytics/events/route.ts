import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { trackEvent, trackEvents } from '@/lib/analytics/events';
import { jsonError, readJson, unauthorized } from '@/lib/utils/http';

type EventBody = { type?: string; payload?: Record<string, unknown> } | { events: Array<{ type: string; payload?: object }> };

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const body = await readJson<EventBody>(request);
  if (!body) return jsonError('Invalid JSON body', 400);

  if ('events' in body && Array.isArray(body.events)) {
    trackEvents(
      user.organizationId,
      body.events.map((e) => ({ userId: user.userId, type: e.type, payload: e.payload }))
    );
    return Response.json({ recorded: body.events.length }, { status: 201 });
  }
  if ('type' in body && body.type) {
    const id = trackEvent(user.organizationId, user.userId, body.type, body.payload ?? {});
    return Response.json({ id }, { status: 201 });
  }
  return jsonError('type is required', 400);
}
