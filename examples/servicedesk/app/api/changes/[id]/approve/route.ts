import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { ChangeError, decideChange } from '@/lib/changes/change-service'
import { badRequest, errorResponse, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'

export async function POST(request: Request, { params }: { params: { id: string } }) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id) return notFound('Change not found')

  const body = await readJson<{ decision?: unknown; comment?: string }>(request).catch(() => null)
  if (!body || (body.decision !== 'approved' && body.decision !== 'rejected')) {
    return badRequest(new Error('decision must be approved or rejected'))
  }
  try {
    return json({ change: decideChange(id, user, body.decision, body.comment) })
  } catch (error) {
    if (error instanceof ChangeError) return errorResponse(error.message, error.status)
    throw error
  }
}
