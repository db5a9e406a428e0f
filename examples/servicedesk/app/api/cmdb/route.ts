import { getDatabase } from '@/lib/db/connection'
import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { hasPermission } from '@/lib/auth/permissions'
import { AssetService } from '@/lib/cmdb/asset-service'
import { assetSchema } from '@/lib/validation/schemas'
import { badRequest, created, errorResponse, forbidden, json, readJson, searchParams, unauthorized } from '@/lib/http/responses'

const assets = new AssetService(getDatabase())

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const params = searchParams(request)
  const list = assets.list(user.organization_id, {
    ciType: params.get('type') ?? undefined,
    environment: params.get('environment') ?? undefined,
    status: params.get('status') ?? undefined,
  })
  return json({ assets: list, byType: assets.countByType(user.organization_id) })
}

export async function POST(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  if (!hasPermission(user, 'cmdb:write')) return forbidden()

  let input
  try {
    input = assetSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }
  if (assets.getByTag(input.asset_tag)) {
    return errorResponse(`Asset tag ${input.asset_tag} is already used`, 409)
  }
  return created({ asset: assets.create(user.organization_id, input) })
}
