import { getDb } from '@/lib/db/connection';
import { statusQueries, ticketQueries } from '@/lib/db/queries';
import { canView } from '@/lib/auth/permissions';
import { logAudit } from '@/lib/audit/audit-log';
import { listTickets, type TicketFilters } from './ticket-filters';
import type { AuthUser, Ticket, TicketPriority, TicketWithDetails } from '@/lib/types';
import type { Pagination } from '@/lib/utils/pagination';

export interface CreateTicketInput {
  title: string;
  description?: string;
  priority?: TicketPriority;
  categoryId?: number | null;
  assignedTo?: number | null;
  initialComment?: string;
}

export interface UpdateTicketInput {
  title?: string;
  description?: string;
  status?: string;
  priority?: TicketPriority;
  categoryId?: number | null;
  assignedTo?: number | null;
}

const PRIORITIES: TicketPriority[] = ['low', 'medium', 'high', 'critical'];

export class TicketService {
  private db = getDb();

  getTicket(id: number): TicketWithDetails | undefined {
    return ticketQueries.getWithDetails(id);
  }

  listForUser(user: AuthUser, filters: TicketFilters, page: Pagination): { tickets: TicketWithDetails[]; total: number } {
    const result = listTickets(user.organizationId, filters, page);
    const visible = result.tickets.filter((t) => canView(user, t));
    return { tickets: visible, total: result.total };
  }

  getMyQueue(user: AuthUser): Ticket[] {
    return ticketQueries.listAssignedTo(user.userId).filter((t) => canView(user, t));
  }

  createTicket(input: CreateTicketInput, user: AuthUser): TicketWithDetails {
    const priority = input.priority && PRIORITIES.includes(input.priority) ? input.priority : 'medium';

    const ticketId = this.db.transaction(() => {
      const id = ticketQueries.insert({
        organization_id: user.organizationId,
        title: input.title.trim(),
        description: input.description ?? '',
        priority,
        category_id: input.categoryId ?? null,
        assigned_to: input.assignedTo ?? null,
        created_by: user.userId,
      });

      if (input.initialComment) {
        this.db
          .prepare('INSERT INTO ticket_comments (ticket_id, user_id, content) VALUES (?, ?, ?)')
          .run(id, user.userId, input.initialComment);
      }

      if (input.assignedTo) {
        this.db
          .prepare("INSERT INTO notifications (user_id, ticket_id, type, title, message) VALUES (?, ?, 'ticket_assigned', ?, ?)")
          .run(input.assignedTo, id, `Ticket #${id} assigned to you`, input.title);
      }

      this.db
        .prepare('INSERT INTO analytics_events (organization_id, user_id, event_type, payload) VALUES (?, ?, ?, ?)')
        .run(user.organizationId, user.userId, 'ticket_created', JSON.stringify({ ticket_id: id, priority, channel: 'api' }));

      return id;
    })();

    logAudit({ organizationId: user.organizationId, userId: user.userId, action: 'create', entityType: 'ticket', entityId: ticketId });
    return this.getTicket(ticketId)!;
  }

  updateTicket(id: number, updates: UpdateTicketInput, user: AuthUser): TicketWithDetails | undefined {
    const existing = ticketQueries.getById(id);
    if (!existing || existing.organization_id !== user.organizationId) return undefined;

    if (updates.status && !statusQueries.isValid(updates.status)) {
      throw new Error(`Unknown status: ${updates.status}`);
    }

    const sets: string[] = [];
    const values: unknown[] = [];
    if (updates.title !== undefined) {
      sets.push('title = ?');
      values.push(updates.title);
    }
    if (updates.description !== undefined) {
      sets.push('description = ?');
      values.push(updates.description);
    }
    if (updates.priority !== undefined) {
      sets.push('priority = ?');
      values.push(updates.priority);
    }
    if (updates.categoryId !== undefined) {
      sets.push('category_id = ?');
      values.push(updates.categoryId);
    }
    if (updates.assignedTo !== undefined) {
      sets.push('assigned_to = ?');
      values.push(updates.assignedTo);
    }

    if (sets.length > 0) {
      const result = this.db
        .prepare(`UPDATE tickets SET ${sets.join(', ')}, updated_at = datetime('now') WHERE id = ?`)
        .run(...values, id);
      if (result.changes === 0) return undefined;
    }

    if (updates.status && updates.status !== existing.status) {
      ticketQueries.updateStatus(id, updates.status);
      this.recordStatusChange(existing, updates.status, user);
    }

    return this.getTicket(id);
  }

  deleteTicket(id: number, user: AuthUser): boolean {
    const existing = ticketQueries.getById(id);
    if (!existing || existing.organization_id !== user.organizationId) return false;
    const deleted = ticketQueries.delete(id) > 0;
    if (deleted) {
      logAudit({ organizationId: user.organizationId, userId: user.userId, action: 'delete', entityType: 'ticket', entityId: id });
    }
    return deleted;
  }

  assign(id: number, assigneeId: number | null): boolean {
    const result = this.db
      .prepare("UPDATE tickets SET assigned_to = ?, updated_at = datetime('now') WHERE id = ?")
      .run(assigneeId, id);
    return result.changes > 0;
  }

  private recordStatusChange(ticket: Ticket, status: string, user: AuthUser): void {
    logAudit({
      organizationId: user.organizationId,
      userId: user.userId,
      action: 'status_change',
      entityType: 'ticket',
      entityId: ticket.id,
      details: { from: ticket.status, to: status },
    });
    if (ticket.created_by !== user.userId) {
      this.db
        .prepare('INSERT INTO notifications (user_id, ticket_id, type, title, message) VALUES (?, ?, ?, ?, ?)')
        .run(ticket.created_by, ticket.id, `ticket_${status}`, `Ticket #${ticket.id} is now ${status}`, ticket.title);
    }
  }
}

export const ticketService = new TicketService();
