import { executeQueryOne, executeRun } from '@/lib/db/adapter'

async function hasTable(table: string): Promise<boolean> {
  return await executeQueryOne("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", [table]) !== undefined
}

export async function snapshot(openCount: number): Promise<void> {
  if (!await hasTable('daily_snapshots')) {
    await executeRun(`
      CREATE TABLE IF NOT EXISTS daily_snapshots (
        id SERIAL PRIMARY KEY,
        snapshot_date DATE NOT NULL UNIQUE,
        open_count INTEGER NOT NULL DEFAULT 0
      )
    `)
  }
  await executeRun(`INSERT INTO daily_snapshots (snapshot_date, open_count) VALUES (CURRENT_DATE, ?) ON CONFLICT (snapshot_date) DO UPDATE SET open_count = excluded.open_count`, [openCount])
}
