import { recordView } from '@/lib/tickets/views'

export async function POST(request: Request, { params }: { params: { id: string } }) {
  const { userId } = await request.json()
  await recordView(Number(params.id), userId)
  return new Response(null, { status: 204 })
}
