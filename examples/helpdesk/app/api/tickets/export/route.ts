import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { exportTicketsCsv } from '@/lib/tickets/export';
import { forbidden, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin') return forbidden();

  const csv = exportTicketsCsv(user.organizationId);
  return new Response(csv, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tickets-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}
