import db from '@/lib/db/connection';
import type { AuditLog } from '@/lib/types';

export interface AuditEntry {
  organizationId: number | null;
  userId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  details?: Record<string, unknown>;
}

export function logAudit(entry: AuditEntry): void {
  const stmt = db.prepare(
    'INSERT INTO audit_logs (organization_id, user_id, action, entity_type, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)'
  );
  stmt.run(
    entry.organizationId,
    entry.userId,
    entry.action,
    entry.entityType,
    entry.entityId ?? null,
    entry.details ? JSON.stringify(entry.details) : null
  );
}

export function getAuditTrail(entityType: string, entityId: number): AuditLog[] {
  return db
    .prepare('SELECT * FROM audit_logs WHERE entity_type = ? AND entity_id = ? ORDER BY created_at DESC, id DESC')
    .all(entityType, entityId) as AuditLog[];
}

export function purgeAuditLogs(olderThanDays: number): number {
  const result = db
    .prepare("DELETE FROM audit_logs WHERE created_at < datetime('now', ?)")
    .run(`-${olderThanDays} days`);
  return result.changes;
}
