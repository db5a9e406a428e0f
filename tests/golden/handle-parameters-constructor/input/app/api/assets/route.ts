import { NextResponse } from 'next/server'
import { getDatabase } from '@/lib/db/connection'
import { AssetBackup, AssetService } from '@/lib/assets/asset-service'

const assets = new AssetService(getDatabase())

export async function GET() {
  return NextResponse.json(assets.list(1))
}

export async function POST() {
  const backup = new AssetBackup(getDatabase())
  await backup.snapshot('/tmp/assets.db')
  return NextResponse.json({ ok: true })
}
