/**
 * Streams every ticket of an organisation as CSV to stdout, row by row.
 *   SQLITE_PATH=./data/helpdesk.db npx tsx scripts/export-tickets.ts 1
 */
import db from '../lib/db/connection';

export function streamTickets(organizationId: number, write: (line: string) => void): number {
  let count = 0;
  for (const row of db.prepare('SELECT id, title, status, priority FROM tickets WHERE organization_id = ? ORDER BY id').iterate(organizationId)) {
    const ticket = row as { id: number; title: string; status: string; priority: string };
    write([ticket.id, JSON.stringify(ticket.title), ticket.status, ticket.priority].join(','));
    count += 1;
  }
  return count;
}

streamTickets(Number(process.argv[2] ?? 1), (line) => process.stdout.write(line + '\n'));
