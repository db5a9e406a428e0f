import { getDatabase, isPostgres } from '@/lib/db/adapter';

export interface HealthStatus {
  ok: boolean;
  backend: 'postgres' | 'sqlite';
  latencyMs: number;
  tickets?: number;
  error?: string;
}

export async function checkDatabaseHealth(): Promise<HealthStatus> {
  const database = getDatabase();
  const started = Date.now();
  try {
    const row = await database.executeQueryOne<{ count: number }>('SELECT COUNT(*) AS count FROM tickets');
    return { ok: true, backend: isPostgres() ? 'postgres' : 'sqlite', latencyMs: Date.now() - started, tickets: Number(row?.count ?? 0) };
  } catch (error) {
    return {
      ok: false,
      backend: database.dialect,
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
