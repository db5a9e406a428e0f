import { verifyAuth } from '../../../lib/auth/sqlite-auth';

export async function GET(request: Request) {
  return Response.json(await verifyAuth(request));
}
