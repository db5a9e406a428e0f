import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { isStaff } from '@/lib/auth/permissions'
import { getConnection } from '@/lib/db'
import { knowledgeService } from '@/lib/knowledge/article-service'
import { badRequest, forbidden, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'

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

/** What readers said about an article, newest first: for the staff who maintain it. */
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!isStaff(user)) return forbidden()
  const id = parseId(params.id)
  if (!id || !knowledgeService.get(id, user.organization_id)) return notFound('Article not found')

  const feedback = getConnection()
    .prepare(
      `SELECT f.helpful, f.comment, u.name AS author FROM kb_feedback f JOIN users u ON u.id = f.user_id
       WHERE f.article_id = ? ORDER BY f.created_at DESC, f.id DESC`
    )
    .all(id) as { helpful: number | boolean; comment: string | null; author: string }[]
  return json({ feedback: feedback.map((f) => ({ ...f, helpful: Boolean(f.helpful) })) })
}
