import { getConnection } from '@/lib/db/connection';
import type { Workflow, WorkflowStep } from '@/lib/types';

export type WorkflowWithSteps = Workflow & { steps: WorkflowStep[] };

export function listWorkflows(organizationId: number, activeOnly = false): Array<Workflow & { step_count: number }> {
  const conn = getConnection();
  const stmt = activeOnly
    ? conn.prepare(
        `SELECT w.*, COUNT(s.id) AS step_count FROM workflows w LEFT JOIN workflow_steps s ON s.workflow_id = w.id
         WHERE w.organization_id = ? AND w.is_active = 1 GROUP BY w.id ORDER BY w.name`
      )
    : conn.prepare(
        `SELECT w.*, COUNT(s.id) AS step_count FROM workflows w LEFT JOIN workflow_steps s ON s.workflow_id = w.id
         WHERE w.organization_id = ? GROUP BY w.id ORDER BY w.name`
      );
  return stmt.all(organizationId) as Array<Workflow & { step_count: number }>;
}

export function getWorkflow(id: number): WorkflowWithSteps | undefined {
  const conn = getConnection();
  const workflow = conn.prepare('SELECT * FROM workflows WHERE id = ?').get(id) as Workflow | undefined;
  if (!workflow) return undefined;
  return {
    ...workflow,
    steps: conn.prepare('SELECT * FROM workflow_steps WHERE workflow_id = ? ORDER BY step_order').all(id) as WorkflowStep[],
  };
}

export function getStep(workflowId: number, stepOrder: number): WorkflowStep | undefined {
  return getConnection()
    .prepare('SELECT * FROM workflow_steps WHERE workflow_id = ? AND step_order = ?')
    .get(workflowId, stepOrder) as WorkflowStep | undefined;
}

export function setWorkflowActive(id: number, active: boolean): boolean {
  const conn = getConnection();
  return conn.prepare('UPDATE workflows SET is_active = ? WHERE id = ?').run(active ? 1 : 0, id).changes === 1;
}

export function reorderSteps(workflowId: number, orderedStepIds: number[]): WorkflowStep[] {
  const conn = getConnection();
  const move = conn.prepare('UPDATE workflow_steps SET step_order = ? WHERE id = ? AND workflow_id = ?');
  const reorder = conn.transaction((ids: number[]) => {
    // Park every step on a negative order first so intermediate states stay unique.
    ids.forEach((id, index) => move.run(-(index + 1), id, workflowId));
    ids.forEach((id, index) => move.run(index + 1, id, workflowId));
  });
  reorder(orderedStepIds);
  return getWorkflow(workflowId)?.steps ?? [];
}

export function addStep(workflowId: number, name: string, actionType: WorkflowStep['action_type'], config: object): number {
  const conn = getConnection();
  const { next } = conn
    .prepare('SELECT COALESCE(MAX(step_order), 0) + 1 AS next FROM workflow_steps WHERE workflow_id = ?')
    .get(workflowId) as { next: number };
  return Number(
    conn
      .prepare('INSERT INTO workflow_steps (workflow_id, step_order, name, action_type, config) VALUES (?, ?, ?, ?, ?)')
      .run(workflowId, next, name, actionType, JSON.stringify(config)).lastInsertRowid
  );
}
