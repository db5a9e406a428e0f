import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { createCategory, getCategories, getCategoryById } from '@/lib/db'
import { badRequest, created, forbidden, json, readJson, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  return json({ categories: getCategories(user.organization_id) })
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'tickets:update')) return forbidden()
  const body = await readJson<{ name?: unknown; description?: string }>(request).catch(() => null)
  if (!body || typeof body.name !== 'string' || body.name.length < 2) return badRequest(new Error('name is required'))
  const id = createCategory(user.organization_id, body.name, body.description)
  return created({ category: getCategoryById(id) })
}
