import { NextResponse } from 'next/server'
import { detectAllRuntimes, openCodeStatus } from '@/lib/runtimes'

export async function GET() {
  return NextResponse.json({ runtimes: detectAllRuntimes(), opencode: await openCodeStatus() })
}
