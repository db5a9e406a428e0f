import db from '@/lib/db/connection'

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

export function listAssets(organizationId: number, filters: AssetFilters = {}) {
  const conditions = ['organization_id = ?']
  const params: (string | number)[] = [organizationId]
  if (filters.ciType) {
    conditions.push('ci_type = ?')
    params.push(filters.ciType)
  }
  if (filters.environment) {
    conditions.push("json_extract(attributes, '$.environment') = ?")
    params.push(filters.environment)
  }
  if (filters.criticalOnly) {
    conditions.push('is_critical = 1')
  }
  if (filters.createdWithinDays) {
    conditions.push(`created_at >= datetime('now', '-${filters.createdWithinDays} days')`)
  }
  const where = conditions.join(' AND ')
  const total = db.prepare(`SELECT COUNT(*) AS n FROM assets WHERE ${conditions.join(' AND ')}`).get(...params) as { n: number }
  const rows = db.prepare(`SELECT * FROM assets WHERE ${conditions.join(' AND ')} ORDER BY name LIMIT 50`).all(...params)
  return { total: total.n, rows, where }
}

export function countCritical(organizationId: number, filters: AssetFilters = {}) {
  const { conditions, params } = whereClause(organizationId, { ...filters, criticalOnly: true })
  return db.prepare(`SELECT COUNT(*) AS n FROM assets WHERE ${conditions.join(' AND ')}`).get(...params) as { n: number }
}
