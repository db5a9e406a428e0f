import { executeTransaction } from '@/lib/db/adapter';
import { fetchStatus } from '@/lib/remote';
import { countTickets } from '@/lib/tickets';

export async function refresh(id: number) {
  await executeTransaction(async (tx) => {
    fetchStatus(id);
  });
}

export async function count() {
  return countTickets();
}
