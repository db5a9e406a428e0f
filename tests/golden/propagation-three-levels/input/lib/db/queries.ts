import db from './connection';

export interface User { id: number; email: string }

export const userQueries = {
  getById: (id: number): User | undefined => db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined,
  count(): number {
    return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  },
};
