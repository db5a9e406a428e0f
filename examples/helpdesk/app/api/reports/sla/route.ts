import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { getMonthlyReport, getSlaReport } from '@/lib/reports/report-service';
import { forbidden, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const month = new URL(request.url).searchParams.get('month') ?? new Date().toISOString().slice(0, 7);
  return Response.json({ sla: getSlaReport(user.organizationId), monthly: getMonthlyReport(user.organizationId, month) });
}
