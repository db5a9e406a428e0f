import { executeTransaction } from '@/lib/db/adapter';
import { fetchStatus } from './remote';

export async function refresh(id: number) {
  await executeTransaction(async (tx) => {
    await fetchStatus(id);
  });
}
