import { verifyAuth } from '../../../lib/auth/sqlite-auth';
import { listWorkflows } from '../../../lib/workflows/workflow-repository';
import { runWorkflowStep, WorkflowError } from '../../../lib/workflows/workflow-engine';
import { forbidden, jsonError, readJson, unauthorized } from '../../../lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const activeOnly = new URL(request.url).searchParams.get('active') === 'true';
  return Response.json({ workflows: listWorkflows(user.organizationId, activeOnly) });
}

/** Runs one step of a workflow against a ticket. */
export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const body = await readJson<{ workflowId?: number; stepOrder?: number; ticketId?: number }>(request);
  if (!body?.workflowId || !body.ticketId) return jsonError('workflowId and ticketId are required', 400);

  try {
    const result = runWorkflowStep(Number(body.workflowId), Number(body.stepOrder ?? 1), Number(body.ticketId), user);
    return Response.json(result);
  } catch (error) {
    if (error instanceof WorkflowError) return jsonError(error.message, error.status);
    throw error;
  }
}
