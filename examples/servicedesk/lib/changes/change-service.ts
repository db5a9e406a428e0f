import { db } from '@/lib/db'
import { hasPermission } from '@/lib/auth/permissions'
import { notifyMany } from '@/lib/notifications/notification-service'
import { userQueries } from '@/lib/db/queries/users'
import type { AuthUser, ChangeRequest } from '@/lib/types'

export class ChangeError extends Error {
  constructor(
    message: string,
    public status: number
  ) {
    super(message)
  }
}

export function listChanges(organizationId: number, status?: string): (ChangeRequest & { approvals: number })[] {
  const where = status ? 'WHERE c.organization_id = ? AND c.status = ?' : 'WHERE c.organization_id = ?'
  const params = status ? [organizationId, status] : [organizationId]
  return db
    .prepare(
      `SELECT c.*, COUNT(a.id) AS approvals
       FROM change_requests c
       LEFT JOIN change_approvals a ON a.change_id = c.id AND a.decision = 'approved'
       ${where}
       GROUP BY c.id
       ORDER BY c.id DESC`
    )
    .all(...params) as (ChangeRequest & { approvals: number })[]
}

export function getChange(id: number, organizationId: number): ChangeRequest | undefined {
  return db.prepare('SELECT * FROM change_requests WHERE id = ? AND organization_id = ?').get(id, organizationId) as
    | ChangeRequest
    | undefined
}

export function createChange(
  user: AuthUser,
  input: { title: string; description?: string; risk: string; asset_id?: number; planned_start?: string; planned_end?: string }
): ChangeRequest {
  // Low-risk changes are standard changes: pre-approved.
  const status = input.risk === 'low' ? 'approved' : 'pending_approval'
  const result = db
    .prepare(
      `INSERT INTO change_requests (organization_id, title, description, risk, status, requested_by, asset_id, planned_start, planned_end, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now'), datetime('now'))`
    )
    .run(
      user.organization_id,
      input.title,
      input.description ?? null,
      input.risk,
      status,
      user.id,
      input.asset_id ?? null,
      input.planned_start ?? null,
      input.planned_end ?? null
    )
  const change = getChange(Number(result.lastInsertRowid), user.organization_id)!
  if (status === 'pending_approval') {
    const approvers = userQueries.listAgents(user.organization_id).filter((u) => u.role === 'admin' && u.id !== user.id)
    notifyMany(
      approvers.map((u) => u.id),
      { type: 'change.approval_requested', title: `Change #${change.id} needs approval`, body: change.title }
    )
  }
  return change
}

const REQUIRED_APPROVALS: Record<string, number> = { low: 0, medium: 1, high: 2 }

/** Records an approver's decision; approves or rejects the change when the decision settles it. */
export function decideChange(changeId: number, approver: AuthUser, decision: 'approved' | 'rejected', comment?: string): ChangeRequest {
  if (!hasPermission(approver, 'changes:approve')) {
    throw new ChangeError('Not allowed to approve changes', 403)
  }
  const change = getChange(changeId, approver.organization_id)
  if (!change) throw new ChangeError('Change not found', 404)
  if (change.status !== 'pending_approval') throw new ChangeError(`Change is ${change.status}`, 409)
  if (change.requested_by === approver.id) throw new ChangeError('Requesters cannot approve their own change', 409)

  const setStatus = db.prepare("UPDATE change_requests SET status = ?, updated_at = datetime('now') WHERE id = ?")

  db.transaction(() => {
    db.prepare(
      `INSERT OR REPLACE INTO change_approvals (change_id, approver_id, decision, comment, decided_at)
       VALUES (?, ?, ?, ?, datetime('now'))`
    ).run(changeId, approver.id, decision, comment ?? null)

    if (decision === 'rejected') {
      setStatus.run('rejected', changeId)
      return
    }
    const approvals = db
      .prepare("SELECT COUNT(*) AS n FROM change_approvals WHERE change_id = ? AND decision = 'approved'")
      .get(changeId) as { n: number }
    if (approvals.n >= (REQUIRED_APPROVALS[change.risk] ?? 1)) {
      setStatus.run('approved', changeId)
    }
  })()

  return getChange(changeId, approver.organization_id)!
}

export function markImplemented(changeId: number, organizationId: number): boolean {
  const info = db
    .prepare(
      "UPDATE change_requests SET status = 'implemented', implemented_at = datetime('now'), updated_at = datetime('now') WHERE id = ? AND organization_id = ? AND status = 'approved'"
    )
    .run(changeId, organizationId)
  return info.changes > 0
}

/** Changes planned in the next `days` days (the change calendar). */
export function upcomingChanges(organizationId: number, days = 14) {
  return db
    .prepare(
      `SELECT id, title, risk, planned_start, planned_end FROM change_requests
       WHERE organization_id = ? AND status = 'approved'
         AND planned_start BETWEEN datetime('now') AND datetime('now', '+' || ? || ' days')
       ORDER BY planned_start`
    )
    .all(organizationId, days) as Pick<ChangeRequest, 'id' | 'title' | 'risk' | 'planned_start' | 'planned_end'>[]
}
