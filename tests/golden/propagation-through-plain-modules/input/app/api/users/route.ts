import { users } from '@/lib/users/instance'
export function GET() {
  return Response.json(users.find(1))
}
