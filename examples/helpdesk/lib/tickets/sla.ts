import db from '@/lib/db/connection';

export interface SlaPolicy {
  id: number;
  priority: string;
  response_hours: number;
}

export interface OverdueTicket {
  id: number;
  title: string;
  due_at: string;
  tag_count: number;
}

/** Escalations are created on first use: older installations do not have the table yet. */
export function ensureEscalationTable(): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sla_escalations (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      level INTEGER NOT NULL DEFAULT 1,
      escalated_at DATETIME DEFAULT CURRENT_TIMESTAMP
    )
  `);
  try {
    db.exec('ALTER TABLE sla_escalations ADD COLUMN note TEXT');
  } catch {
    // the column is there already
  }
}

/** Whether the database has the due-date columns (migration 001). */
export function hasDueDates(): boolean {
  const columns = db.prepare('PRAGMA table_info(tickets)').all() as Array<{ name: string }>;
  return columns.some((c) => c.name === 'due_at');
}

export function setSlaPolicy(organizationId: number, priority: string, responseHours: number): void {
  db.prepare('INSERT OR REPLACE INTO sla_policies (organization_id, priority, response_hours) VALUES (?, ?, ?)').run(
    organizationId,
    priority,
    responseHours
  );
}

export function listSlaPolicies(organizationId: number): SlaPolicy[] {
  return db
    .prepare('SELECT id, priority, ROUND(response_hours, 1) AS response_hours FROM sla_policies WHERE organization_id = ? ORDER BY response_hours')
    .all(organizationId) as SlaPolicy[];
}

export function setDueDate(ticketId: number, dueAt: string): void {
  db.prepare('UPDATE tickets SET due_at = ?, sla_breached = 0 WHERE id = ?').run(dueAt, ticketId);
}

export function overdueTickets(organizationId: number, now: string): OverdueTicket[] {
  return db
    .prepare(
      `SELECT t.id, t.title, t.due_at, COUNT(tt.tag_id) AS tag_count
         FROM tickets t LEFT JOIN ticket_tags tt ON tt.ticket_id = t.id
        WHERE t.organization_id = ? AND t.resolved_at IS NULL AND t.due_at < ?
        GROUP BY t.id
        ORDER BY t.due_at`
    )
    .all(organizationId, now) as OverdueTicket[];
}

/** Flags overdue open tickets; returns how many agents now hold a breached ticket. */
export function markBreaches(organizationId: number, now: string): number {
  db.prepare('UPDATE tickets SET sla_breached = 1 WHERE organization_id = ? AND resolved_at IS NULL AND due_at < ? AND sla_breached = 0').run(
    organizationId,
    now
  );
  const row = db
    .prepare(
      'SELECT COUNT(*) AS count FROM (SELECT DISTINCT assigned_to FROM tickets WHERE organization_id = ? AND sla_breached = 1 AND assigned_to IS NOT NULL)'
    )
    .get(organizationId) as { count: number };
  return row.count;
}

export function escalate(ticketId: number, note: string): number {
  const result = db.prepare('INSERT INTO sla_escalations (ticket_id, note) VALUES (?, ?)').run(ticketId, note);
  return Number(result.lastInsertRowid);
}

export function escalationsOf(ticketId: number): Array<{ id: number; level: number; note: string | null }> {
  return db.prepare('SELECT id, level, note FROM sla_escalations WHERE ticket_id = ? ORDER BY id').all(ticketId) as Array<{
    id: number;
    level: number;
    note: string | null;
  }>;
}

/** Tags a ticket; tag names are matched case-insensitively. */
export function tagTicket(organizationId: number, ticketId: number, name: string): number {
  db.prepare('INSERT OR IGNORE INTO tags (organization_id, name) VALUES (?, ?)').run(organizationId, name);
  const tag = db.prepare('SELECT id FROM tags WHERE organization_id = ? AND name = ?').get(organizationId, name) as { id: number };
  db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)').run(ticketId, tag.id);
  return tag.id;
}
