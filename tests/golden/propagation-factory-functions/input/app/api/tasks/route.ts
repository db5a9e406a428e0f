import { mutationLimiter } from '@/lib/rate-limit'

export function POST(request: Request) {
  const limited = mutationLimiter(request.headers.get('x-forwarded-for') ?? 'local')
  if (limited) return new Response(limited, { status: 429 })
  return new Response(null, { status: 204 })
}
