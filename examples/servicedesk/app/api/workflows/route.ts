import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { createWorkflow, getWorkflow, listWorkflows } from '@/lib/workflows/definitions'
import { getActiveWorkflows } from '@/lib/workflows/engine'
import { workflowSchema } from '@/lib/validation/schemas'
import { badRequest, created, forbidden, json, readJson, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'workflows:manage')) return forbidden()
  return json({
    workflows: listWorkflows(user.organization_id),
    activeOnCreate: getActiveWorkflows(user.organization_id, 'ticket.created').length,
  })
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'workflows:manage')) return forbidden()

  let input
  try {
    input = workflowSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }
  const id = createWorkflow(user.organization_id, user.id, input)
  return created({ workflow: getWorkflow(id, user.organization_id) })
}
