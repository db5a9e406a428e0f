import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { createChange, listChanges } from '@/lib/changes/change-service'
import { changeSchema } from '@/lib/validation/schemas'
import { badRequest, created, json, readJson, searchParams, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  return json({ changes: listChanges(user.organization_id, searchParams(request).get('status') ?? undefined) })
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  let input
  try {
    input = changeSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }
  return created({ change: createChange(user, input) })
}
