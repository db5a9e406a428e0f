import { getDb } from '../db/connection';
import type { AuthUser, Ticket } from '../types';

export function isStaff(user: AuthUser): boolean {
  return user.role === 'admin' || user.role === 'agent';
}

function isCollaborator(userId: number, ticketId: number): boolean {
  const db = getDb();
  const row = db
    .prepare('SELECT 1 AS found FROM ticket_comments WHERE ticket_id = ? AND user_id = ? LIMIT 1')
    .get(ticketId, userId) as { found: number } | undefined;
  return row !== undefined;
}

/**
 * End users see their own tickets and the ones they have commented on;
 * agents and admins see everything in their organization.
 */
export function canView(user: AuthUser, ticket: Ticket): boolean {
  if (ticket.organization_id !== user.organizationId) return false;
  if (isStaff(user)) return true;
  if (ticket.created_by === user.userId) return true;
  return isCollaborator(user.userId, ticket.id);
}

export function canEdit(user: AuthUser, ticket: Ticket): boolean {
  if (ticket.organization_id !== user.organizationId) return false;
  return isStaff(user) || ticket.created_by === user.userId;
}
