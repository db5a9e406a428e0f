import { headline, slug } from '@/lib/tickets/service'

export function GET() {
  return Response.json({ headline: headline(1), slug: slug('A B') })
}
