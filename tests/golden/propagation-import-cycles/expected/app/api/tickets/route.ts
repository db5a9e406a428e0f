import { headline, slug } from '@/lib/tickets/service'

export async function GET() {
  return Response.json({ headline: await headline(1), slug: slug('A B') })
}
