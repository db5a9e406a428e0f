import db from '@/lib/db/connection';

export function countTickets(): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
}
