import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { getRuns, getWorkflow, setWorkflowActive } from '@/lib/workflows/definitions'
import { badRequest, forbidden, json, notFound, parseId, readJson, searchParams, unauthorized } from '@/lib/http/responses'

type Context = { params: { id: string } }

export async function GET(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'workflows:manage')) return forbidden()
  const id = parseId(params.id)
  const workflow = id ? getWorkflow(id, user.organization_id) : undefined
  if (!workflow) return notFound('Workflow not found')
  const withRuns = searchParams(request).get('runs') === '1'
  return json({ workflow, runs: withRuns ? getRuns(workflow.id) : undefined })
}

export async function PATCH(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'workflows:manage')) return forbidden()
  const id = parseId(params.id)
  const body = await readJson<{ active?: unknown }>(request).catch(() => null)
  if (!body || typeof body.active !== 'boolean') return badRequest(new Error('active must be a boolean'))
  if (!id || !setWorkflowActive(id, user.organization_id, body.active)) return notFound('Workflow not found')
  return json({ workflow: getWorkflow(id, user.organization_id) })
}
