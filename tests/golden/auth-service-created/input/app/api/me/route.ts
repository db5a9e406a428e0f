import { verifyToken } from '@/lib/auth/sqlite-auth'

export async function GET(request: Request) {
  const user = await verifyToken(request.headers.get('authorization') ?? '')
  return Response.json(user ?? null, { status: user ? 200 : 401 })
}
