import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')
  const user = await executeQueryOne('SELECT * FROM users WHERE id = ?', [id])
  const roles = await executeQuery('SELECT role FROM user_roles WHERE user_id = ?', [id])
  const teams = await executeQuery('SELECT team_id FROM team_members WHERE user_id = ?', [id])
  return Response.json({ user, roles, teams })
}
