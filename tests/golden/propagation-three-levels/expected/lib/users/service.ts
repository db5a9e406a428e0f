import { userQueries, type User } from '@/lib/db/queries';

export async function profile(id: number): Promise<User> {
  const user = await userQueries.getById(id);
  if (!user) throw new Error('not found');
  return user;
}

export async function total(): Promise<number> {
  return userQueries.count();
}
