import { getDatabase } from '@/lib/db/connection'
import { createNotification } from '@/lib/notifications/notification-service'
import type { Ticket, Workflow, WorkflowStep } from '@/lib/types'

type Db = ReturnType<typeof getDatabase>

export type TriggerEvent = 'ticket.created' | 'ticket.updated' | 'ticket.breached'

function matches(workflow: Workflow, ticket: Ticket): boolean {
  let conditions: Record<string, string> = {}
  try {
    conditions = JSON.parse(workflow.conditions || '{}')
  } catch {
    return false
  }
  return Object.entries(conditions).every(([field, expected]) => String((ticket as unknown as Record<string, unknown>)[field]) === expected)
}

function applyStep(db: Db, step: WorkflowStep, ticket: Ticket) {
  const config = JSON.parse(step.config || '{}') as Record<string, unknown>
  switch (step.action_type) {
    case 'set_priority':
      db.prepare("UPDATE tickets SET priority = ?, updated_at = datetime('now') WHERE id = ?").run(String(config.priority), ticket.id)
      break
    case 'set_status':
      db.prepare("UPDATE tickets SET status = ?, updated_at = datetime('now') WHERE id = ?").run(String(config.status), ticket.id)
      break
    case 'assign':
      db.prepare('UPDATE tickets SET assignee_id = ? WHERE id = ?').run(Number(config.user_id), ticket.id)
      break
    case 'add_tag': {
      db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(String(config.tag))
      const tag = db.prepare('SELECT id FROM tags WHERE name = ?').get(String(config.tag)) as { id: number }
      db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)').run(ticket.id, tag.id)
      break
    }
    case 'notify':
      createNotification({
        userId: Number(config.user_id),
        type: 'workflow',
        title: String(config.message ?? `Workflow update on #${ticket.id}`),
        ticketId: ticket.id,
      })
      break
    default:
      throw new Error(`unknown workflow action ${step.action_type}`)
  }
}

export function getActiveWorkflows(organizationId: number, event: TriggerEvent): Workflow[] {
  const db = getDatabase()
  return db
    .prepare('SELECT * FROM workflows WHERE organization_id = ? AND trigger_event = ? AND is_active = 1 ORDER BY id')
    .all(organizationId, event) as Workflow[]
}

/** Runs every active workflow of the ticket's organization that listens to the event. Returns the run ids. */
export function runWorkflows(event: TriggerEvent, ticketId: number): number[] {
  const db = getDatabase()
  const ticket = db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as Ticket | undefined
  if (!ticket) return []

  const runIds: number[] = []
  for (const workflow of getActiveWorkflows(ticket.organization_id, event)) {
    if (!matches(workflow, ticket)) continue
    const steps = db.prepare('SELECT * FROM workflow_steps WHERE workflow_id = ? ORDER BY step_order').all(workflow.id) as WorkflowStep[]
    const run = db
      .prepare("INSERT INTO workflow_runs (workflow_id, ticket_id, status, started_at) VALUES (?, ?, 'running', datetime('now'))")
      .run(workflow.id, ticketId)
    const runId = Number(run.lastInsertRowid)
    runIds.push(runId)

    try {
      db.transaction(() => {
        steps.forEach((step) => applyStep(db, step, ticket))
        db.prepare("UPDATE workflow_runs SET status = 'completed', steps_completed = ?, finished_at = datetime('now') WHERE id = ?").run(
          steps.length,
          runId
        )
      })()
    } catch (error) {
      db.prepare("UPDATE workflow_runs SET status = 'failed', error = ?, finished_at = datetime('now') WHERE id = ?").run(
        error instanceof Error ? error.message : String(error),
        runId
      )
    }
  }
  return runIds
}
