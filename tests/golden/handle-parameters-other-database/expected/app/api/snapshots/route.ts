import { getDb } from '@/lib/db/connection'
import { latestSnapshot, takeSnapshot } from '@/lib/db/snapshots'

export async function GET(request: Request) {
  const organizationId = Number(new URL(request.url).searchParams.get('organization'))
  return Response.json(await latestSnapshot(organizationId) ?? null)
}

export function POST(request: Request) {
  const organizationId = Number(new URL(request.url).searchParams.get('organization'))
  takeSnapshot(getDb(), organizationId)
  return new Response(null, { status: 204 })
}
