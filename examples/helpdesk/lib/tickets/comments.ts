import db, { safeQuery } from '@/lib/db';
import { commentQueries } from '@/lib/db/queries';
import type { AuthUser, TicketComment } from '@/lib/types';
import { isStaff } from '@/lib/auth/permissions';

export function listComments(ticketId: number, user: AuthUser): TicketComment[] {
  return safeQuery(() => commentQueries.listForTicket(ticketId, isStaff(user)), 'list comments');
}

export function addComment(ticketId: number, user: AuthUser, content: string, isInternal = false): TicketComment {
  const result = db
    .prepare('INSERT INTO ticket_comments (ticket_id, user_id, content, is_internal) VALUES (?, ?, ?, ?)')
    .run(ticketId, user.userId, content, isInternal && isStaff(user) ? 1 : 0);

  db.prepare("UPDATE tickets SET updated_at = datetime('now') WHERE id = ?").run(ticketId);

  const ticket = db.prepare('SELECT created_by, assigned_to, title FROM tickets WHERE id = ?').get(ticketId) as
    | { created_by: number; assigned_to: number | null; title: string }
    | undefined;
  if (ticket && !isInternal) {
    const recipients = [ticket.created_by, ticket.assigned_to].filter(
      (id): id is number => id !== null && id !== user.userId
    );
    const notify = db.prepare(
      "INSERT INTO notifications (user_id, ticket_id, type, title, message) VALUES (?, ?, 'ticket_comment', ?, ?)"
    );
    for (const recipient of new Set(recipients)) {
      notify.run(recipient, ticketId, `New comment on ticket #${ticketId}`, content.slice(0, 140));
    }
  }

  return commentQueries.getById(Number(result.lastInsertRowid))!;
}

export function deleteComment(commentId: number, userId: number): boolean {
  return db.prepare('DELETE FROM ticket_comments WHERE id = ? AND user_id = ?').run(commentId, userId).changes > 0;
}

export function countComments(ticketId: number): number {
  return (db.prepare('SELECT COUNT(*) AS count FROM ticket_comments WHERE ticket_id = ?').get(ticketId) as { count: number }).count;
}

export function commentCounts(ticketIds: number[]): Array<{ ticketId: number; count: number }> {
  return ticketIds.map((ticketId) => ({ ticketId, count: countComments(ticketId) }));
}
