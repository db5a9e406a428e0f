export function jsonError(message: string, status: number, details?: unknown): Response {
  return Response.json(details === undefined ? { error: message } : { error: message, details }, { status });
}

export const unauthorized = (): Response => jsonError('Unauthorized', 401);
export const forbidden = (): Response => jsonError('Forbidden', 403);
export const notFound = (what = 'Resource'): Response => jsonError(`${what} not found`, 404);

export async function readJson<T = Record<string, unknown>>(request: Request): Promise<T | null> {
  try {
    return (await request.json()) as T;
  } catch {
    return null;
  }
}

export function parseId(value: string): number | null {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
}
