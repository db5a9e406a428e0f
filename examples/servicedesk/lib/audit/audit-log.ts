/**
 * Audit trail. The first module written against the async adapter (lib/db/adapter.ts), so it
 * runs unchanged on PostgreSQL.
 */
import { executeQuery, executeRun } from '@/lib/db/adapter'

export interface AuditEntry {
  organizationId?: number | null
  userId?: number | null
  action: string
  entityType: string
  entityId?: number | null
  details?: Record<string, unknown>
}

export async function logAudit(entry: AuditEntry): Promise<void> {
  try {
    await executeRun(
      `INSERT INTO audit_log (organization_id, user_id, action, entity_type, entity_id, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)`,
      [
        entry.organizationId ?? null,
        entry.userId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
      ]
    )
  } catch (error) {
    // never fail a request because the audit write failed
    console.error('[audit] write failed', error)
  }
}

export async function getAuditTrail(entityType: string, entityId: number, limit = 50) {
  return executeQuery<{ id: number; action: string; user_id: number | null; details: string | null; created_at: string }>(
    'SELECT id, action, user_id, details, created_at FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT ?',
    [entityType, entityId, limit]
  )
}
