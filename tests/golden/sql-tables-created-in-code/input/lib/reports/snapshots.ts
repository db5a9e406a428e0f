import db from '@/lib/db/connection'

function hasTable(table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
}

export function snapshot(openCount: number): void {
  if (!hasTable('daily_snapshots')) {
    db.prepare(`
      CREATE TABLE IF NOT EXISTS daily_snapshots (
        id SERIAL PRIMARY KEY,
        snapshot_date DATE NOT NULL UNIQUE,
        open_count INTEGER NOT NULL DEFAULT 0
      )
    `).run()
  }
  db.prepare(`INSERT OR REPLACE INTO daily_snapshots (snapshot_date, open_count) VALUES (date('now'), ?)`).run(openCount)
}
