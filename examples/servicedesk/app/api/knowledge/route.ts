import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission, isStaff } from '@/lib/auth/permissions'
import { knowledgeService } from '@/lib/knowledge/article-service'
import { articleSchema } from '@/lib/validation/schemas'
import { badRequest, created, forbidden, json, readJson, searchParams, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const params = searchParams(request)
  const articles = knowledgeService.search(user.organization_id, params.get('q') ?? '', {
    tag: params.get('tag') ?? undefined,
    includeDrafts: isStaff(user) && params.get('drafts') === '1',
  })
  return json({ articles, count: articles.length })
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!isStaff(user)) return forbidden()

  let input
  try {
    input = articleSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }
  if (input.publish && !hasPermission(user, 'knowledge:publish')) {
    return forbidden()
  }
  const article = knowledgeService.create(user, input)
  return created({ article })
}
