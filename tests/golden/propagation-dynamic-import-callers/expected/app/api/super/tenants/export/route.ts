import { NextRequest, NextResponse } from 'next/server'

export async function POST(request: NextRequest) {
  const { ids } = (await request.json()) as { ids: number[] }
  const admin = await import('@/lib/tenants/store')
  const tenants = (await Promise.all(ids.map(async (id) => admin.getTenant(id)))).filter(Boolean)
  return NextResponse.json({ tenants })
}
