import { executeQueryOne } from '@/lib/db/adapter';

export async function countTickets(): Promise<number> {
  return (await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM tickets') as { n: number }).n;
}
