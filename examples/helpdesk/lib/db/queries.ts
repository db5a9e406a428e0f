import db from './connection';
import type { Category, Status, Ticket, TicketComment, TicketWithDetails, User } from '../types';

const TICKET_DETAILS_SELECT = `
  SELECT t.*,
         c.name AS category_name,
         a.name AS assignee_name,
         u.name AS creator_name,
         (SELECT COUNT(*) FROM ticket_comments tc WHERE tc.ticket_id = t.id) AS comment_count
  FROM tickets t
  LEFT JOIN categories c ON c.id = t.category_id
  LEFT JOIN users a ON a.id = t.assigned_to
  JOIN users u ON u.id = t.created_by`;

export const userQueries = {
  getById: (id: number): User | undefined =>
    db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined,
  getByEmail: (email: string): User | undefined =>
    db.prepare('SELECT * FROM users WHERE email = ?').get(email) as User | undefined,
  listAgents: (organizationId: number): User[] =>
    db
      .prepare("SELECT * FROM users WHERE organization_id = ? AND role IN ('agent', 'admin') AND is_active = 1 ORDER BY name")
      .all(organizationId) as User[],
  countActive: (organizationId: number): number =>
    (db.prepare('SELECT COUNT(*) as count FROM users WHERE organization_id = ? AND is_active = 1').get(organizationId) as { count: number }).count,
  touchLogin: (id: number): void => {
    db.prepare("UPDATE users SET last_login_at = datetime('now') WHERE id = ?").run(id);
  },
};

export const ticketQueries = {
  getById: (id: number): Ticket | undefined =>
    db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Ticket | undefined,
  getWithDetails: (id: number): TicketWithDetails | undefined =>
    db.prepare(`${TICKET_DETAILS_SELECT} WHERE t.id = ?`).get(id) as TicketWithDetails | undefined,
  listByOrganization: (organizationId: number, limit = 50, offset = 0): TicketWithDetails[] =>
    db
      .prepare(`${TICKET_DETAILS_SELECT} WHERE t.organization_id = ? ORDER BY t.created_at DESC LIMIT ? OFFSET ?`)
      .all(organizationId, limit, offset) as TicketWithDetails[],
  listAssignedTo: (userId: number): Ticket[] =>
    db
      .prepare("SELECT * FROM tickets WHERE assigned_to = ? AND status NOT IN ('resolved', 'closed') ORDER BY created_at")
      .all(userId) as Ticket[],
  countByStatus: (organizationId: number): Array<{ status: string; count: number }> =>
    db
      .prepare('SELECT status, COUNT(*) as count FROM tickets WHERE organization_id = ? GROUP BY status')
      .all(organizationId) as Array<{ status: string; count: number }>,
  insert: (ticket: Pick<Ticket, 'organization_id' | 'title' | 'description' | 'priority' | 'category_id' | 'assigned_to' | 'created_by'>): number =>
    Number(
      db
        .prepare(
          'INSERT INTO tickets (organization_id, title, description, priority, category_id, assigned_to, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)'
        )
        .run(ticket.organization_id, ticket.title, ticket.description, ticket.priority, ticket.category_id, ticket.assigned_to, ticket.created_by)
        .lastInsertRowid
    ),
  updateStatus: (id: number, status: string): boolean =>
    db
      .prepare(
        `UPDATE tickets SET status = ?, updated_at = datetime('now'),
           resolved_at = CASE WHEN ? IN ('resolved', 'closed') THEN datetime('now') ELSE NULL END
         WHERE id = ?`
      )
      .run(status, status, id).changes > 0,
  delete: (id: number): number => db.prepare('DELETE FROM tickets WHERE id = ?').run(id).changes,
};

export const commentQueries = {
  listForTicket: (ticketId: number, includeInternal: boolean): TicketComment[] =>
    includeInternal
      ? (db
          .prepare('SELECT tc.*, u.name AS author_name FROM ticket_comments tc JOIN users u ON u.id = tc.user_id WHERE tc.ticket_id = ? ORDER BY tc.created_at, tc.id')
          .all(ticketId) as TicketComment[])
      : (db
          .prepare('SELECT tc.*, u.name AS author_name FROM ticket_comments tc JOIN users u ON u.id = tc.user_id WHERE tc.ticket_id = ? AND tc.is_internal = 0 ORDER BY tc.created_at, tc.id')
          .all(ticketId) as TicketComment[]),
  getById: (id: number): TicketComment | undefined =>
    db.prepare('SELECT tc.*, u.name AS author_name FROM ticket_comments tc JOIN users u ON u.id = tc.user_id WHERE tc.id = ?').get(id) as TicketComment | undefined,
};

export const categoryQueries = {
  list: (organizationId: number): Category[] =>
    db.prepare('SELECT * FROM categories WHERE organization_id = ? ORDER BY name').all(organizationId) as Category[],
  getById: (id: number): Category | undefined =>
    db.prepare('SELECT * FROM categories WHERE id = ?').get(id) as Category | undefined,
  create: (organizationId: number, name: string, description: string | null, color: string): Category => {
    const info = db
      .prepare('INSERT INTO categories (organization_id, name, description, color) VALUES (?, ?, ?, ?)')
      .run(organizationId, name, description, color);
    return db.prepare('SELECT * FROM categories WHERE id = ?').get(info.lastInsertRowid) as Category;
  },
  withTicketCounts: (organizationId: number): Array<Category & { ticket_count: number }> =>
    db
      .prepare(
        `SELECT c.*, COUNT(t.id) AS ticket_count
         FROM categories c LEFT JOIN tickets t ON t.category_id = c.id
         WHERE c.organization_id = ?
         GROUP BY c.id ORDER BY ticket_count DESC, c.name`
      )
      .all(organizationId) as Array<Category & { ticket_count: number }>,
};

export const statusQueries = {
  list: (): Status[] => db.prepare('SELECT * FROM statuses ORDER BY sort_order').all() as Status[],
  finalStatuses: (): string[] =>
    (db.prepare('SELECT name FROM statuses WHERE is_final = 1').all() as Array<{ name: string }>).map((s) => s.name),
  isValid: (name: string): boolean => db.prepare('SELECT id FROM statuses WHERE name = ?').get(name) !== undefined,
};
