import { getDatabase } from '@/lib/db/connection'

type DB = ReturnType<typeof getDatabase>

export interface ImpactedAsset {
  id: number
  name: string
  criticality: string
  depth: number
}

/**
 * Everything that (transitively) depends on an asset: if the asset goes down, these go down too.
 * Breadth-first over asset_relationships, child -> parent.
 */
export function getImpactedAssets(db: DB, assetId: number, maxDepth = 5): ImpactedAsset[] {
  const dependents = db.prepare(
    `SELECT a.id, a.name, a.criticality FROM asset_relationships r
     JOIN assets a ON a.id = r.parent_id
     WHERE r.child_id = ? AND a.status != 'retired'`
  )
  const seen = new Set<number>([assetId])
  const impacted: ImpactedAsset[] = []
  let frontier = [assetId]

  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = []
    for (const id of frontier) {
      const rows = dependents.all(id) as { id: number; name: string; criticality: string }[]
      for (const row of rows) {
        if (seen.has(row.id)) continue
        seen.add(row.id)
        impacted.push({ ...row, depth })
        next.push(row.id)
      }
    }
    frontier = next
  }
  return impacted
}

/** Open tickets raised against any of the given assets. */
export function getOpenTicketsForAssets(db: DB, assetIds: number[]) {
  if (assetIds.length === 0) return []
  const placeholders = assetIds.map(() => '?').join(',')
  return db
    .prepare(
      `SELECT id, title, priority, asset_id FROM tickets
       WHERE asset_id IN (${placeholders}) AND status NOT IN ('resolved', 'closed')
       ORDER BY id`
    )
    .all(...assetIds) as { id: number; title: string; priority: string; asset_id: number }[]
}

export function impactReport(assetId: number) {
  const db = getDatabase()
  const impacted = getImpactedAssets(db, assetId)
  const tickets = getOpenTicketsForAssets(db, [assetId, ...impacted.map((a) => a.id)])
  return {
    impacted,
    critical: impacted.filter((a) => a.criticality === 'critical').length,
    openTickets: tickets,
  }
}
