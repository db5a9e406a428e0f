import { getDatabase } from '@/lib/db/connection';
import { checkDatabaseHealth } from '@/lib/health/db-health';

export async function GET() {
  const health = await checkDatabaseHealth();
  let storage: { pageCount: number; pageSize: number } | null = null;
  if (health.backend === 'sqlite') {
    const database = getDatabase();
    storage = {
      pageCount: database.pragma('page_count', { simple: true }) as number,
      pageSize: database.pragma('page_size', { simple: true }) as number,
    };
  }
  return Response.json({ status: health.ok ? 'ok' : 'degraded', database: health, storage }, { status: health.ok ? 200 : 503 });
}
