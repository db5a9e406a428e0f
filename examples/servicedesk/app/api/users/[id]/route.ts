import { deleteUser, getUserById, updateUser, verifyAuth } from '@/lib/auth/sqlite-auth'
import { badRequest, forbidden, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'
import type { Role } from '@/lib/types'

type Context = { params: { id: string } }

const ROLES: Role[] = ['admin', 'agent', 'user']

async function loadTarget(request: Request, params: Context['params']) {
  const admin = await verifyAuth(request)
  if (!admin) return { error: unauthorized() }
  if (admin.role !== 'admin') return { error: forbidden() }
  const id = parseId(params.id)
  const target = id ? getUserById(id) : undefined
  if (!target || target.organization_id !== admin.organization_id) return { error: notFound('User not found') }
  return { admin, target }
}

export async function PATCH(request: Request, { params }: Context) {
  const { error, target } = await loadTarget(request, params)
  if (error) return error
  const body = await readJson<{ name?: string; role?: Role; team?: string | null }>(request).catch(() => null)
  if (!body || (body.role !== undefined && !ROLES.includes(body.role))) return badRequest(new Error('invalid user update'))
  updateUser(target.id, { name: body.name, role: body.role, team: body.team })
  return json({ user: getUserById(target.id) })
}

/** Deactivates the account; its tickets and comments stay. */
export async function DELETE(request: Request, { params }: Context) {
  const { error, admin, target } = await loadTarget(request, params)
  if (error) return error
  if (target.id === admin.id) return badRequest(new Error('You cannot deactivate yourself'))
  deleteUser(target.id)
  return json({ deactivated: true })
}
