import db from '@/lib/db/connection';
import type { TicketWithDetails } from '@/lib/types';
import type { Pagination } from '@/lib/utils/pagination';

export interface TicketFilters {
  status?: string | null;
  priority?: string | null;
  search?: string | null;
  assignedTo?: number | null;
  categoryId?: number | null;
  sortBy?: string | null;
  sortDir?: string | null;
}

const SORTABLE_COLUMNS: Record<string, string> = {
  created: 't.created_at',
  updated: 't.updated_at',
  priority: "CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
  title: 't.title',
  status: 't.status',
};

export function listTickets(
  organizationId: number,
  filters: TicketFilters,
  page: Pagination
): { tickets: TicketWithDetails[]; total: number } {
  let sql = `SELECT t.*, c.name AS category_name, a.name AS assignee_name, u.name AS creator_name,
      (SELECT COUNT(*) FROM ticket_comments tc WHERE tc.ticket_id = t.id) AS comment_count
    FROM tickets t
    LEFT JOIN categories c ON c.id = t.category_id
    LEFT JOIN users a ON a.id = t.assigned_to
    JOIN users u ON u.id = t.created_by
    WHERE t.organization_id = ?`;
  const params: unknown[] = [];

  if (filters.status) {
    sql += ' AND t.status = ?';
    params.push(filters.status);
  }
  if (filters.priority) {
    sql += ' AND t.priority = ?';
    params.push(filters.priority);
  }
  if (filters.assignedTo) {
    sql += ' AND t.assigned_to = ?';
    params.push(filters.assignedTo);
  }
  if (filters.categoryId) {
    sql += ' AND t.category_id = ?';
    params.push(filters.categoryId);
  }
  if (filters.search) {
    sql += ' AND (t.title LIKE ? OR t.description LIKE ?)';
    params.push(`%${filters.search}%`, `%${filters.search}%`);
  }

  const { total } = db.prepare(`SELECT COUNT(*) AS total FROM (${sql}) AS filtered`).get(organizationId, ...params) as { total: number };

  const orderColumn = SORTABLE_COLUMNS[filters.sortBy ?? 'created'] ?? SORTABLE_COLUMNS.created;
  const direction = filters.sortDir === 'asc' ? 'ASC' : 'DESC';
  sql += ` ORDER BY ${orderColumn} ${direction}, t.id ${direction} LIMIT ? OFFSET ?`;

  const tickets = db.prepare(sql).all(organizationId, ...params, page.limit, page.offset) as TicketWithDetails[];

  return { tickets, total };
}

export function searchTicketTitles(organizationId: number, term: string, limit = 10): Array<{ id: number; title: string }> {
  return db
    .prepare('SELECT id, title FROM tickets WHERE organization_id = ? AND title LIKE ? ORDER BY updated_at DESC LIMIT ?')
    .all(organizationId, `%${term}%`, limit) as Array<{ id: number; title: string }>;
}
