import { verifyToken } from '@/lib/auth/auth-service'

export async function GET(request: Request) {
  const user = await verifyToken(request.headers.get('authorization') ?? '')
  return Response.json(user ?? null, { status: user ? 200 : 401 })
}
