import { users } from '@/lib/users/instance'
export async function GET() {
  return Response.json(await users.find(1))
}
