import { executeQueryOne } from '@/lib/db/adapter';

export async function count(): Promise<number> {
  return (await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM t') as { n: number }).n;
}

export function broken( {
  return 1 +;
}
