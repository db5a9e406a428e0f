const hits = new Map<string, number>()

export function mutationLimiter(request: Request): Response | null {
  const key = request.headers.get('x-forwarded-for') ?? 'local'
  const count = (hits.get(key) ?? 0) + 1
  hits.set(key, count)
  return count > 60 ? Response.json({ error: 'Too many requests' }, { status: 429 }) : null
}
