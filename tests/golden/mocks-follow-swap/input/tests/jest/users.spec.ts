import { NextRequest } from 'next/server';
import { GET } from '@/app/api/users/route';
import { sessionUser } from '../helpers/session';

jest.mock('@/lib/auth/sqlite-auth', () => ({
  ...jest.requireActual('@/lib/auth/sqlite-auth'),
  requireRole: jest.fn(() => ({ user: { id: 2, username: 'jo', role: 'admin' } })),
  getUserFromRequest: jest.fn(() => ({ id: 2, username: 'jo', role: 'admin' })),
})); // the session comes from the fake, whoever asks

describe('GET /api/users', () => {
  it('returns the session user', async () => {
    const request = new NextRequest('http://localhost/api/users');
    const res = await GET(request);
    expect(await res.json()).toEqual({ me: sessionUser(request) });
  });
});
