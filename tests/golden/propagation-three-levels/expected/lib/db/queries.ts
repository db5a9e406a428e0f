import { executeQueryOne } from '@/lib/db/adapter';

export interface User { id: number; email: string }

export const userQueries = {
  getById: async (id: number): Promise<User | undefined> => await executeQueryOne<User>('SELECT * FROM users WHERE id = ?', [id]),
  async count(): Promise<number> {
    return (await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM users') as { n: number }).n;
  },
};
