import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { knowledgeService } from '@/lib/knowledge/article-service'
import { badRequest, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'

export async function POST(request: Request, { params }: { params: { id: string } }) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id || !knowledgeService.get(id, user.organization_id)) return notFound('Article not found')

  const body = await readJson<{ helpful?: unknown; comment?: string }>(request).catch(() => null)
  if (!body || typeof body.helpful !== 'boolean') return badRequest(new Error('helpful must be true or false'))
  const totals = knowledgeService.recordFeedback(id, user.id, body.helpful, body.comment)
  return json(totals)
}
