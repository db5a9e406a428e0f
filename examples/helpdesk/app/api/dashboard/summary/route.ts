import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { getAgentWorkload, getDashboardSummary } from '@/lib/dashboard/stats';
import { countUnread } from '@/lib/notifications/notification-service';
import { unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const summary = getDashboardSummary(user.organizationId);
  const workload = user.role === 'user' ? [] : getAgentWorkload(user.organizationId);

  return Response.json({
    summary,
    workload,
    unreadNotifications: countUnread(user.userId),
  });
}
