import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { getWorkflow, reorderSteps } from '@/lib/workflows/workflow-repository';
import { forbidden, jsonError, notFound, parseId, readJson, unauthorized } from '@/lib/utils/http';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const id = parseId(params.id);
  const workflow = id ? getWorkflow(id) : undefined;
  if (!workflow || workflow.organization_id !== user.organizationId) return notFound('Workflow');
  return Response.json({ workflow });
}

export async function PUT(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin') return forbidden();
  const id = parseId(params.id);
  const workflow = id ? getWorkflow(id) : undefined;
  if (!id || !workflow || workflow.organization_id !== user.organizationId) return notFound('Workflow');

  const body = await readJson<{ order?: number[] }>(request);
  const order = body?.order ?? [];
  const known = new Set(workflow.steps.map((s) => s.id));
  if (order.length !== known.size || !order.every((stepId) => known.has(stepId))) {
    return jsonError('order must list every step id exactly once', 400);
  }
  return Response.json({ steps: reorderSteps(id, order) });
}
