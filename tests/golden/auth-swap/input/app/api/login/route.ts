import { verifyAuth as check } from "@/lib/auth/sqlite-auth";
import * as auth from '@/lib/auth/sqlite-auth';

export async function POST(request: Request) {
  return Response.json({ a: await check(request), b: await auth.verifyAuth(request) });
}
