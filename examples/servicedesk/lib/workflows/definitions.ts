import { getDb } from '@/lib/db/connection'
import type { Workflow, WorkflowStep } from '@/lib/types'

export interface WorkflowInput {
  name: string
  trigger_event: string
  conditions: Record<string, string>
  steps: { action_type: string; config: Record<string, unknown> }[]
}

export type WorkflowSummary = Workflow & { step_count: number; run_count: number; last_run_at: string | null }

export function listWorkflows(organizationId: number): WorkflowSummary[] {
  const db = getDb()
  return db
    .prepare(
      `SELECT w.*, COUNT(DISTINCT s.id) AS step_count, COUNT(DISTINCT r.id) AS run_count, MAX(r.started_at) AS last_run_at
       FROM workflows w
       LEFT JOIN workflow_steps s ON s.workflow_id = w.id
       LEFT JOIN workflow_runs r ON r.workflow_id = w.id
       WHERE w.organization_id = ?
       GROUP BY w.id
       ORDER BY w.id`
    )
    .all(organizationId) as WorkflowSummary[]
}

export function getWorkflow(id: number, organizationId: number): (Workflow & { steps: WorkflowStep[] }) | undefined {
  const db = getDb()
  const workflow = db.prepare('SELECT * FROM workflows WHERE id = ? AND organization_id = ?').get(id, organizationId) as
    | Workflow
    | undefined
  if (!workflow) return undefined
  const steps = db.prepare('SELECT * FROM workflow_steps WHERE workflow_id = ? ORDER BY step_order').all(id) as WorkflowStep[]
  return { ...workflow, steps }
}

export function createWorkflow(organizationId: number, createdBy: number, input: WorkflowInput): number {
  const db = getDb()
  const insertStep = db.prepare('INSERT INTO workflow_steps (workflow_id, step_order, action_type, config) VALUES (?, ?, ?, ?)')

  const create = db.transaction(() => {
    const result = db
      .prepare(
        `INSERT INTO workflows (organization_id, name, trigger_event, conditions, is_active, created_by, created_at)
         VALUES (?, ?, ?, ?, 1, ?, datetime('now'))`
      )
      .run(organizationId, input.name, input.trigger_event, JSON.stringify(input.conditions), createdBy)
    const workflowId = result.lastInsertRowid as number
    input.steps.forEach((step, index) => {
      insertStep.run(workflowId, index + 1, step.action_type, JSON.stringify(step.config))
    })
    return workflowId
  })

  return create()
}

export function setWorkflowActive(id: number, organizationId: number, active: boolean): boolean {
  const db = getDb()
  const result = db.prepare('UPDATE workflows SET is_active = ? WHERE id = ? AND organization_id = ?').run(active ? 1 : 0, id, organizationId)
  return result.changes > 0
}

export function getRuns(workflowId: number, limit = 20) {
  const db = getDb()
  return db
    .prepare(
      `SELECT r.*, t.title AS ticket_title,
              ROUND((julianday(r.finished_at) - julianday(r.started_at)) * 86400, 1) AS duration_seconds
       FROM workflow_runs r
       LEFT JOIN tickets t ON t.id = r.ticket_id
       WHERE r.workflow_id = ?
       ORDER BY r.id DESC
       LIMIT ?`
    )
    .all(workflowId, limit) as Array<{ id: number; status: string; steps_completed: number; ticket_title: string | null; duration_seconds: number | null }>
}
