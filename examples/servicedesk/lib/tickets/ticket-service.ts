import { getDb } from '@/lib/db/connection'
import { ticketQueries } from '@/lib/db/queries/tickets'
import { hasPermission, isStaff } from '@/lib/auth/permissions'
import { computeDueDate } from '@/lib/sla/sla-service'
import { runWorkflows } from '@/lib/workflows/engine'
import { createNotification } from '@/lib/notifications/notification-service'
import { buildOrderBy, buildTicketWhere, type TicketFilters } from './filters'
import { getTagsForTicket } from './tags'
import type { AuthUser, Ticket, TicketWithNames } from '@/lib/types'

export type TicketWithTags = TicketWithNames & { tags: string[] }

export interface TicketCreateInput {
  title: string
  description?: string
  ticket_type: string
  priority: string
  category_id?: number
  asset_id?: number
  tags?: string[]
}

export interface TicketUpdateInput {
  title?: string
  description?: string
  status?: string
  priority?: string
  assignee_id?: number | null
  category_id?: number | null
}

const LIST_SELECT = `
  SELECT t.*, r.name AS requester_name, a.name AS assignee_name, c.name AS category_name
  FROM tickets t
  JOIN users r ON r.id = t.requester_id
  LEFT JOIN users a ON a.id = t.assignee_id
  LEFT JOIN categories c ON c.id = t.category_id`

export class TicketService {
  private db = getDb()

  list(user: AuthUser, filters: TicketFilters) {
    const page = filters.page ?? 1
    const pageSize = filters.pageSize ?? 25
    const canSeeAll = hasPermission(user, 'tickets:read_all')
    const { where, params } = buildTicketWhere(user, filters, canSeeAll)

    const totalRow = this.db.prepare(`SELECT COUNT(*) AS total FROM tickets t${where}`).get(...params) as { total: number }
    const rows = this.db
      .prepare(`${LIST_SELECT}${where}${buildOrderBy(filters)} LIMIT ? OFFSET ?`)
      .all(...params, pageSize, (page - 1) * pageSize) as TicketWithNames[]

    const tickets: TicketWithTags[] = rows.map((row) => ({
      ...row,
      tags: (
        this.db
          .prepare('SELECT g.name FROM tags g JOIN ticket_tags tt ON tt.tag_id = g.id WHERE tt.ticket_id = ? ORDER BY g.name')
          .all(row.id) as { name: string }[]
      ).map((t) => t.name),
    }))

    return { tickets, total: totalRow.total, page, pageSize }
  }

  get(id: number, user: AuthUser): TicketWithTags | undefined {
    const ticket = ticketQueries.getByIdForOrg(id, user.organization_id)
    if (!ticket) return undefined
    if (!isStaff(user) && ticket.requester_id !== user.id) return undefined
    return { ...ticket, tags: getTagsForTicket(id) }
  }

  create(user: AuthUser, input: TicketCreateInput): TicketWithTags {
    const dueAt = computeDueDate(user.organization_id, input.priority)

    const createTicket = this.db.transaction((data: TicketCreateInput) => {
      const result = this.db
        .prepare(
          `INSERT INTO tickets (organization_id, title, description, ticket_type, priority, category_id, requester_id, asset_id, sla_due_at, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', datetime('now'), datetime('now'))`
        )
        .run(
          user.organization_id,
          data.title,
          data.description ?? null,
          data.ticket_type,
          data.priority,
          data.category_id ?? null,
          user.id,
          data.asset_id ?? null,
          dueAt
        )
      const ticketId = Number(result.lastInsertRowid)

      const insertTag = this.db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)')
      const findTag = this.db.prepare('SELECT id FROM tags WHERE name = ?')
      for (const name of data.tags ?? []) {
        insertTag.run(name.toLowerCase())
        const tag = findTag.get(name.toLowerCase()) as { id: number }
        this.db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)').run(ticketId, tag.id)
      }
      return ticketId
    })

    const id = createTicket(input)
    runWorkflows('ticket.created', id)
    return this.get(id, user)!
  }

  update(id: number, user: AuthUser, changes: TicketUpdateInput): TicketWithTags | undefined {
    const before = ticketQueries.getById(id)
    if (!before || before.organization_id !== user.organization_id) return undefined

    let sql = "UPDATE tickets SET updated_at = datetime('now')"
    const params: (string | number | null)[] = []
    if (changes.title !== undefined) {
      sql += ', title = ?'
      params.push(changes.title)
    }
    if (changes.description !== undefined) {
      sql += ', description = ?'
      params.push(changes.description)
    }
    if (changes.priority !== undefined) {
      sql += ', priority = ?'
      params.push(changes.priority)
    }
    if (changes.category_id !== undefined) {
      sql += ', category_id = ?'
      params.push(changes.category_id)
    }
    if (changes.assignee_id !== undefined) {
      sql += ', assignee_id = ?'
      params.push(changes.assignee_id)
    }
    if (changes.status !== undefined) {
      sql += ', status = ?'
      params.push(changes.status)
      if (changes.status === 'resolved') sql += ", resolved_at = datetime('now')"
      if (changes.status === 'closed') sql += ", closed_at = datetime('now')"
    }
    sql += ' WHERE id = ? AND organization_id = ?'

    const result = this.db.prepare(sql).run(...params, id, user.organization_id)
    if (result.changes === 0) return undefined

    if (changes.assignee_id && changes.assignee_id !== before.assignee_id) {
      createNotification({
        userId: changes.assignee_id,
        type: 'ticket.assigned',
        title: `Ticket #${id} assigned to you`,
        body: before.title,
        ticketId: id,
      })
    }
    if (changes.status && changes.status !== before.status && before.requester_id !== user.id) {
      createNotification({
        userId: before.requester_id,
        type: 'ticket.status_changed',
        title: `Ticket #${id} is now ${changes.status}`,
        ticketId: id,
        dedupeKey: `status:${id}:${changes.status}`,
      })
    }
    runWorkflows('ticket.updated', id)
    return this.get(id, user)
  }

  delete(id: number, user: AuthUser): boolean {
    return this.db.prepare('DELETE FROM tickets WHERE id = ? AND organization_id = ?').run(id, user.organization_id).changes > 0
  }

  getOverdueForAgent(userId: number): Ticket[] {
    return this.db
      .prepare(
        `SELECT * FROM tickets
         WHERE assignee_id = ? AND status NOT IN ('resolved', 'closed') AND sla_due_at < datetime('now')
         ORDER BY sla_due_at`
      )
      .all(userId) as Ticket[]
  }
}

export const ticketService = new TicketService()
