import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Must be imported before anything that opens the database.
if (!process.env.DATABASE_URL && !process.env.SQLITE_PATH) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-'));
  process.env.SQLITE_PATH = path.join(dir, 'helpdesk.db');
  // Each test file runs in its own process: its scratch database goes with it.
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}
process.env.JWT_SECRET ??= 'helpdesk-test-secret-0123456789abcdef';

export const TEST_SQLITE_PATH = process.env.SQLITE_PATH;
