import { getDb } from '@/lib/db/connection';
import { ticketService } from '@/lib/tickets/ticket-service';
import { notifyUser } from '@/lib/notifications/notification-service';
import { logAudit } from '@/lib/audit/audit-log';
import { getStep, getWorkflow } from './workflow-repository';
import { findOne } from '@/lib/db/helpers';
import type { AuthUser, Ticket, WorkflowStep } from '@/lib/types';

export interface StepResult {
  workflowId: number;
  step: Pick<WorkflowStep, 'id' | 'name' | 'action_type' | 'step_order'>;
  ticket: Ticket;
  nextStep: number | null;
}

export class WorkflowError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

function applyStep(step: WorkflowStep, ticket: Ticket, user: AuthUser): void {
  const db = getDb();
  const config = JSON.parse(step.config || '{}') as Record<string, unknown>;

  switch (step.action_type) {
    case 'assign':
      ticketService.assign(ticket.id, Number(config.user_id));
      break;
    case 'set_status': {
      const status = String(config.status);
      const stmt = ['resolved', 'closed'].includes(status)
        ? db.prepare("UPDATE tickets SET status = ?, resolved_at = datetime('now'), updated_at = datetime('now') WHERE id = ?")
        : db.prepare("UPDATE tickets SET status = ?, updated_at = datetime('now') WHERE id = ?");
      stmt.run(status, ticket.id);
      break;
    }
    case 'notify':
      notifyUser(Number(config.user_id), String(config.title ?? step.name), ticket.title, ticket.id, 'workflow');
      break;
    case 'comment':
      db.prepare('INSERT INTO ticket_comments (ticket_id, user_id, content, is_internal) VALUES (?, ?, ?, 1)').run(
        ticket.id,
        user.userId,
        String(config.content ?? step.name)
      );
      break;
    default:
      throw new WorkflowError(`Unsupported action: ${String(step.action_type)}`);
  }
}

export function runWorkflowStep(workflowId: number, stepOrder: number, ticketId: number, user: AuthUser): StepResult {
  const workflow = getWorkflow(workflowId);
  if (!workflow || workflow.organization_id !== user.organizationId) throw new WorkflowError('Workflow not found', 404);
  if (!workflow.is_active) throw new WorkflowError('Workflow is disabled', 409);

  const step = getStep(workflowId, stepOrder);
  if (!step) throw new WorkflowError('Step not found', 404);

  const db = getDb();
  const ticket = findOne<Ticket>('SELECT * FROM tickets WHERE id = ? AND organization_id = ?', ticketId, user.organizationId);
  if (!ticket) throw new WorkflowError('Ticket not found', 404);

  db.transaction(() => {
    applyStep(step, ticket, user);
    logAudit({
      organizationId: user.organizationId,
      userId: user.userId,
      action: 'workflow_step',
      entityType: 'ticket',
      entityId: ticket.id,
      details: { workflowId, step: step.step_order, action: step.action_type },
    });
  })();

  const hasNext = workflow.steps.some((s) => s.step_order > stepOrder);
  return {
    workflowId,
    step: { id: step.id, name: step.name, action_type: step.action_type, step_order: step.step_order },
    ticket: db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as Ticket,
    nextStep: hasNext ? Math.min(...workflow.steps.filter((s) => s.step_order > stepOrder).map((s) => s.step_order)) : null,
  };
}

export function runTriggeredWorkflows(trigger: string, ticket: Ticket, user: AuthUser): number {
  const db = getDb();
  const workflows = db
    .prepare('SELECT id FROM workflows WHERE organization_id = ? AND trigger_type = ? AND is_active = 1')
    .all(ticket.organization_id, trigger) as Array<{ id: number }>;
  let executed = 0;
  for (const { id } of workflows) {
    const steps = db.prepare('SELECT step_order FROM workflow_steps WHERE workflow_id = ? ORDER BY step_order').all(id) as Array<{
      step_order: number;
    }>;
    for (const s of steps) {
      runWorkflowStep(id, s.step_order, ticket.id, user);
      executed++;
    }
  }
  return executed;
}
