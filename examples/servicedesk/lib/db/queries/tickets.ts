import { db } from '../connection'
import type { Ticket, TicketWithNames, Comment } from '@/lib/types'

const TICKET_SELECT = `
  SELECT t.*, r.name AS requester_name, a.name AS assignee_name, c.name AS category_name
  FROM tickets t
  JOIN users r ON r.id = t.requester_id
  LEFT JOIN users a ON a.id = t.assignee_id
  LEFT JOIN categories c ON c.id = t.category_id
`

export const ticketQueries = {
  getById: (id: number): Ticket | undefined =>
    db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Ticket | undefined,

  getByIdForOrg: (id: number, organizationId: number): TicketWithNames | undefined =>
    db.prepare(`${TICKET_SELECT} WHERE t.id = ? AND t.organization_id = ?`).get(id, organizationId) as
      | TicketWithNames
      | undefined,

  listByRequester: (requesterId: number): TicketWithNames[] =>
    db.prepare(`${TICKET_SELECT} WHERE t.requester_id = ? ORDER BY t.created_at DESC, t.id DESC`).all(requesterId) as TicketWithNames[],

  listAssignedTo: (userId: number): Ticket[] =>
    db
      .prepare("SELECT * FROM tickets WHERE assignee_id = ? AND status NOT IN ('resolved', 'closed') ORDER BY id")
      .all(userId) as Ticket[],

  countOpenByOrg: (organizationId: number): number => {
    const row = db
      .prepare("SELECT COUNT(*) AS count FROM tickets WHERE organization_id = ? AND status NOT IN ('resolved', 'closed')")
      .get(organizationId) as { count: number }
    return row.count
  },

  create: (data: {
    organization_id: number
    title: string
    description?: string | null
    ticket_type?: string
    priority?: string
    category_id?: number | null
    requester_id: number
    asset_id?: number | null
    sla_due_at?: string | null
  }): number => {
    const result = db
      .prepare(
        `INSERT INTO tickets (organization_id, title, description, ticket_type, priority, category_id, requester_id, asset_id, sla_due_at, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', datetime('now'), datetime('now'))`
      )
      .run(
        data.organization_id,
        data.title,
        data.description ?? null,
        data.ticket_type ?? 'incident',
        data.priority ?? 'medium',
        data.category_id ?? null,
        data.requester_id,
        data.asset_id ?? null,
        data.sla_due_at ?? null
      )
    return Number(result.lastInsertRowid)
  },

  updateStatus: (id: number, status: string): boolean =>
    db.prepare("UPDATE tickets SET status = ?, updated_at = datetime('now') WHERE id = ?").run(status, id).changes > 0,

  assign: (id: number, assigneeId: number | null) =>
    db.prepare("UPDATE tickets SET assignee_id = ?, updated_at = datetime('now') WHERE id = ?").run(assigneeId, id),

  delete: (id: number): boolean => db.prepare('DELETE FROM tickets WHERE id = ?').run(id).changes > 0,

  getComments: (ticketId: number, includeInternal: boolean): Comment[] =>
    db
      .prepare(
        `SELECT c.*, u.name AS author_name FROM ticket_comments c
         JOIN users u ON u.id = c.author_id
         WHERE c.ticket_id = ? ${includeInternal ? '' : 'AND c.is_internal = 0'}
         ORDER BY c.created_at ASC, c.id ASC`
      )
      .all(ticketId) as Comment[],
}
