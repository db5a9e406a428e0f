import { db } from '@/lib/db'
import { ticketQueries } from '@/lib/db/queries/tickets'
import { isStaff } from '@/lib/auth/permissions'
import { markFirstResponse } from '@/lib/sla/sla-service'
import { createNotification } from '@/lib/notifications/notification-service'
import type { AuthUser, Comment } from '@/lib/types'

export function listComments(ticketId: number, viewer: AuthUser): Comment[] {
  return ticketQueries.getComments(ticketId, isStaff(viewer))
}

export function addComment(ticketId: number, author: AuthUser, body: string, isInternal = false): Comment {
  const stmt = db.prepare(
    "INSERT INTO ticket_comments (ticket_id, author_id, body, is_internal, created_at) VALUES (?, ?, ?, ?, datetime('now'))"
  )
  const info = stmt.run(ticketId, author.id, body, isInternal && isStaff(author) ? 1 : 0)

  db.prepare("UPDATE tickets SET updated_at = datetime('now') WHERE id = ?").run(ticketId)
  if (isStaff(author)) {
    markFirstResponse(ticketId)
  }

  const ticket = ticketQueries.getById(ticketId)
  if (ticket && ticket.requester_id !== author.id && !isInternal) {
    createNotification({
      userId: ticket.requester_id,
      type: 'ticket.commented',
      title: `New reply on #${ticketId}`,
      body: body.slice(0, 140),
      ticketId,
    })
  }

  return db
    .prepare('SELECT c.*, u.name AS author_name FROM ticket_comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?')
    .get(info.lastInsertRowid) as Comment
}

export function countComments(ticketId: number): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM ticket_comments WHERE ticket_id = ?').get(ticketId) as { n: number }
  return row.n
}

export function deleteComment(commentId: number, authorId: number): boolean {
  const result = db.prepare('DELETE FROM ticket_comments WHERE id = ? AND author_id = ?').run(commentId, authorId)
  return result.changes === 1
}
