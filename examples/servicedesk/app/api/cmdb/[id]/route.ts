import { getDatabase } from '@/lib/db/connection'
import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { AssetService } from '@/lib/cmdb/asset-service'
import { impactReport } from '@/lib/cmdb/impact'
import { forbidden, json, notFound, parseId, unauthorized } from '@/lib/http/responses'

type Context = { params: { id: string } }

export async function GET(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const service = new AssetService(getDatabase())
  const id = parseId(params.id)
  const asset = id ? service.get(id, user.organization_id) : undefined
  if (!asset) return notFound('Asset not found')

  return json({
    asset: { ...asset, attributes: JSON.parse(asset.attributes || '{}') },
    relationships: service.relationships(asset.id),
    impact: impactReport(asset.id),
  })
}

export async function DELETE(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'cmdb:write')) return forbidden()
  const id = parseId(params.id)
  const service = new AssetService(getDatabase())
  if (!id || !service.retire(id, user.organization_id)) return notFound('Asset not found')
  return json({ retired: true })
}
