import { getDb } from '../db/connection';
import type { Ticket } from '../types';

export interface BulkResult {
  updated: number;
  skipped: number[];
}

export function bulkUpdateStatus(organizationId: number, ids: number[], status: string): BulkResult {
  if (ids.length === 0) return { updated: 0, skipped: [] };
  const db = getDb();
  const placeholders = ids.map(() => '?').join(',');

  const found = db
    .prepare(`SELECT id FROM tickets WHERE organization_id = ? AND id IN (${placeholders})`)
    .all(organizationId, ...ids) as Array<{ id: number }>;
  const foundIds = found.map((row) => row.id);

  if (foundIds.length === 0) return { updated: 0, skipped: ids };

  const result = db
    .prepare(
      `UPDATE tickets SET status = ?, updated_at = datetime('now')
       WHERE id IN (${foundIds.map(() => '?').join(',')})`
    )
    .run(status, ...foundIds);

  return { updated: result.changes, skipped: ids.filter((id) => !foundIds.includes(id)) };
}

export function bulkAssign(ids: number[], assigneeId: number): number {
  const db = getDb();
  const stmt = db.prepare("UPDATE tickets SET assigned_to = ?, updated_at = datetime('now') WHERE id = ?");
  const assignAll = db.transaction((ticketIds: number[]) => {
    let changed = 0;
    for (const id of ticketIds) {
      changed += stmt.run(assigneeId, id).changes;
    }
    return changed;
  });
  return assignAll(ids);
}

export function reopenTickets(ids: number[]): number[] {
  const db = getDb();
  const changes = ids.map((id) => db.prepare("UPDATE tickets SET status = 'open', resolved_at = NULL WHERE id = ?").run(id).changes);
  return changes;
}

export function getTicketsByIds(ids: number[]): Ticket[] {
  if (ids.length === 0) return [];
  const db = getDb();
  return db.prepare(`SELECT * FROM tickets WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`).all(...ids) as Ticket[];
}
