import connection from '@/lib/db'
import { openDatabase, getConnection } from '@/lib/db'

export function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')
  const user = connection.prepare('SELECT * FROM users WHERE id = ?').get(id)
  const roles = openDatabase().prepare('SELECT role FROM user_roles WHERE user_id = ?').all(id)
  const teams = getConnection().prepare('SELECT team_id FROM team_members WHERE user_id = ?').all(id)
  return Response.json({ user, roles, teams })
}
