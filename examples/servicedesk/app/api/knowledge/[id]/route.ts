import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { knowledgeService } from '@/lib/knowledge/article-service'
import { forbidden, json, notFound, parseId, unauthorized } from '@/lib/http/responses'

type Context = { params: { id: string } }

export async function GET(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  const article = id ? knowledgeService.view(id, user.organization_id) : undefined
  if (!article) return notFound('Article not found')
  return json({ article })
}

/** Publishes a draft. */
export async function POST(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'knowledge:publish')) return forbidden()
  const id = parseId(params.id)
  if (!id || !knowledgeService.publish(id, user.organization_id)) return notFound('Article not found')
  return json({ article: knowledgeService.get(id, user.organization_id) })
}
