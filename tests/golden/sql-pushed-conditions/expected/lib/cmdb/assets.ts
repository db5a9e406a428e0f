import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export interface AssetFilters {
  ciType?: string
  environment?: string
  criticalOnly?: boolean
  createdWithinDays?: number
}

function whereClause(organizationId: number, filters: AssetFilters) {
  const conditions = ['organization_id = ?']
  const params: (string | number)[] = [organizationId]
  if (filters.ciType) {
    conditions.push('ci_type = ?')
    params.push(filters.ciType)
  }
  if (filters.criticalOnly) {
    conditions.push('is_critical = 1')
  }
  return { conditions, params }
}

export async function listAssets(organizationId: number, filters: AssetFilters = {}) {
  const conditions = ['organization_id = ?']
  const params: (string | number)[] = [organizationId]
  if (filters.ciType) {
    conditions.push('ci_type = ?')
    params.push(filters.ciType)
  }
  if (filters.environment) {
    conditions.push("(attributes::jsonb ->> 'environment') = ?")
    params.push(filters.environment)
  }
  if (filters.criticalOnly) {
    conditions.push('is_critical = TRUE')
  }
  if (filters.createdWithinDays) {
    conditions.push(`created_at >= (CURRENT_TIMESTAMP - INTERVAL '${filters.createdWithinDays} days')`)
  }
  const where = conditions.join(' AND ')
  const total = await executeQueryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM assets WHERE ${conditions.join(' AND ')}`, params) as { n: number }
  const rows = await executeQuery(`SELECT * FROM assets WHERE ${conditions.join(' AND ')} ORDER BY name LIMIT 50`, params)
  return { total: total.n, rows, where }
}

export async function countCritical(organizationId: number, filters: AssetFilters = {}) {
  const { conditions, params } = whereClause(organizationId, { ...filters, criticalOnly: true })
  return await executeQueryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM assets WHERE ${conditions.join(' AND ')}`, params) as { n: number }
}
