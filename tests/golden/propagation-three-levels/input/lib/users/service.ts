import { userQueries, type User } from '@/lib/db/queries';

export function profile(id: number): User {
  const user = userQueries.getById(id);
  if (!user) throw new Error('not found');
  return user;
}

export function total(): number {
  return userQueries.count();
}
