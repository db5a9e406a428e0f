import { checkDatabaseHealth } from '@/lib/health/db-health';

export async function GET() {
  const health = await checkDatabaseHealth();
  return Response.json({ status: health.ok ? 'ok' : 'degraded', database: health }, { status: health.ok ? 200 : 503 });
}
