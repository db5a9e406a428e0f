import { verifyAuth as check } from "@/lib/auth/auth-service";
import * as auth from '@/lib/auth/auth-service';

export async function POST(request: Request) {
  return Response.json({ a: await check(request), b: await auth.verifyAuth(request) });
}
