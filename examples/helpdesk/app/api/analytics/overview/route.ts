import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { getAnalyticsOverview } from '@/lib/analytics/overview';
import { countEventsByType } from '@/lib/analytics/events';
import { forbidden, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const since = new URL(request.url).searchParams.get('since') ?? undefined;
  return Response.json({
    overview: getAnalyticsOverview(user.organizationId),
    eventTypes: countEventsByType(user.organizationId, since),
  });
}
