import { verifyAuth } from '@/lib/auth/auth-service';

export async function GET(request: Request) {
  return Response.json(await verifyAuth(request));
}
