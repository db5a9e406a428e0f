import { ZodError } from 'zod'

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init)
}

export function created(data: unknown): Response {
  return Response.json(data, { status: 201 })
}

export function errorResponse(message: string, status: number, details?: unknown): Response {
  return Response.json(details === undefined ? { error: message } : { error: message, details }, { status })
}

export const unauthorized = () => errorResponse('Unauthorized', 401)
export const forbidden = () => errorResponse('Forbidden', 403)
export const notFound = (what = 'Not found') => errorResponse(what, 404)

export function badRequest(error: unknown): Response {
  if (error instanceof ZodError) {
    return errorResponse('Validation failed', 400, error.flatten().fieldErrors)
  }
  return errorResponse(error instanceof Error ? error.message : 'Bad request', 400)
}

export async function readJson<T = unknown>(request: Request): Promise<T> {
  try {
    return (await request.json()) as T
  } catch {
    throw new Error('Invalid JSON body')
  }
}

export function parseId(value: string | undefined): number | null {
  const id = Number(value)
  return Number.isInteger(id) && id > 0 ? id : null
}

export function searchParams(request: Request): URLSearchParams {
  return new URL(request.url).searchParams
}
