import { getConnection } from '@/lib/db/connection';
import type { Ticket } from '@/lib/types';

const COLUMNS: Array<keyof Ticket> = ['id', 'title', 'status', 'priority', 'assigned_to', 'created_at', 'resolved_at'];

function csvEscape(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportTicketsCsv(organizationId: number): string {
  const conn = getConnection();
  const lines = [COLUMNS.join(',')];
  const rows = conn.prepare('SELECT * FROM tickets WHERE organization_id = ? ORDER BY id').all(organizationId);
  for (const row of rows) {
    const ticket = row as Ticket;
    lines.push(COLUMNS.map((column) => csvEscape(ticket[column])).join(','));
  }
  return lines.join('\n') + '\n';
}
