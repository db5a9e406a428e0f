import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter';

// Created on first use: older databases do not have it.
export async function ensureAuditPortable(): Promise<void> {
  await executeRun(`
    CREATE TABLE IF NOT EXISTS audit_trail (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id INTEGER NOT NULL,
      happened_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
    )
  `);
  try {
    await executeRun('ALTER TABLE audit_trail ADD COLUMN note TEXT');
  } catch {
    // added already
  }
  await executeRun('alter table audit_trail add actor integer');
}

export async function ticketColumns(): Promise<string[]> {
  const rows = await executeQuery<{ name: string }>('PRAGMA table_info(tickets)');
  return rows.map((r) => r.name);
}

export async function hours() {
  return await executeQuery('SELECT id, CAST(ROUND(CAST(hours AS NUMERIC), 1) AS DOUBLE PRECISION) AS hours, ROUND(estimate, 0) AS estimate, CAST(ROUND(CAST(hours * 60 / 7 AS NUMERIC), 2) AS DOUBLE PRECISION) AS per_day FROM tickets');
}

export async function busyAgents() {
  return await executeQueryOne(
    'SELECT COUNT(*) AS count FROM (SELECT DISTINCT assigned_to FROM tickets WHERE assigned_to IS NOT NULL) AS sub'
  );
}

export async function workload() {
  // grouped by the users' primary key: PostgreSQL accepts u.name
  return await executeQuery(`
    SELECT u.id, u.name, COUNT(t.id) AS open
      FROM users u LEFT JOIN tickets t ON t.assigned_to = u.id
     GROUP BY u.id
  `);
}

export async function lastTitles() {
  return await executeQuery('SELECT status, title FROM tickets GROUP BY status');
}
