import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Imported first by every test file, before anything opens the database: lib/db/connection.ts
// opens SQLITE_PATH on import (also on PostgreSQL, where the adapter imports it).
if (!process.env.SQLITE_PATH) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicedesk-test-'))
  process.env.SQLITE_PATH = path.join(dir, 'servicedesk.db')
  // each test file runs in its own process: its scratch database goes with it
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
}
process.env.JWT_SECRET ??= 'servicedesk-test-secret-0123456789abcdef'

export const usingPostgres = Boolean(process.env.DATABASE_URL) || process.env.DB_TYPE === 'postgresql'
