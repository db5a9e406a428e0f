import Database from 'better-sqlite3'
import type { Asset } from '@/lib/types'

export interface AssetFilters {
  ciType?: string
  environment?: string
  status?: string
  ownerId?: number
}

export interface NewAsset {
  name: string
  asset_tag: string
  ci_type: string
  criticality: string
  owner_id?: number
  attributes: Record<string, unknown>
  depends_on: number[]
}

export class AssetService {
  constructor(private db: Database.Database) {}

  list(organizationId: number, filters: AssetFilters = {}): Asset[] {
    const conditions = ['organization_id = ?']
    const params: (string | number)[] = [organizationId]
    if (filters.ciType) {
      conditions.push('ci_type = ?')
      params.push(filters.ciType)
    }
    if (filters.status) {
      conditions.push('status = ?')
      params.push(filters.status)
    }
    if (filters.ownerId) {
      conditions.push('owner_id = ?')
      params.push(filters.ownerId)
    }
    if (filters.environment) {
      conditions.push("json_extract(attributes, '$.environment') = ?")
      params.push(filters.environment)
    }
    return this.db.prepare(`SELECT * FROM assets WHERE ${conditions.join(' AND ')} ORDER BY name`).all(...params) as Asset[]
  }

  get(id: number, organizationId: number): Asset | undefined {
    return this.db.prepare('SELECT * FROM assets WHERE id = ? AND organization_id = ?').get(id, organizationId) as Asset | undefined
  }

  getByTag(tag: string): Asset | undefined {
    return this.db.prepare('SELECT * FROM assets WHERE asset_tag = ?').get(tag) as Asset | undefined
  }

  create(organizationId: number, input: NewAsset): Asset {
    const create = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO assets (organization_id, name, asset_tag, ci_type, criticality, owner_id, attributes, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'active', datetime('now'), datetime('now'))`
        )
        .run(organizationId, input.name, input.asset_tag, input.ci_type, input.criticality, input.owner_id ?? null, JSON.stringify(input.attributes))
      const assetId = Number(result.lastInsertRowid)
      const link = this.db.prepare(
        "INSERT OR IGNORE INTO asset_relationships (parent_id, child_id, relationship_type) VALUES (?, ?, 'depends_on')"
      )
      for (const dependencyId of input.depends_on) {
        link.run(assetId, dependencyId)
      }
      return assetId
    })
    return this.get(create(), organizationId)!
  }

  relationships(assetId: number) {
    const dependsOn = this.db
      .prepare(
        `SELECT a.id, a.name, a.ci_type, r.relationship_type FROM asset_relationships r
         JOIN assets a ON a.id = r.child_id WHERE r.parent_id = ? ORDER BY a.name`
      )
      .all(assetId) as { id: number; name: string; ci_type: string; relationship_type: string }[]
    const usedBy = this.db
      .prepare(
        `SELECT a.id, a.name, a.ci_type, r.relationship_type FROM asset_relationships r
         JOIN assets a ON a.id = r.parent_id WHERE r.child_id = ? ORDER BY a.name`
      )
      .all(assetId) as { id: number; name: string; ci_type: string; relationship_type: string }[]
    return { dependsOn, usedBy }
  }

  countByType(organizationId: number) {
    return this.db
      .prepare(
        `SELECT ci_type, COUNT(*) AS count, GROUP_CONCAT(asset_tag) AS tags
         FROM assets WHERE organization_id = ? GROUP BY ci_type ORDER BY ci_type`
      )
      .all(organizationId) as { ci_type: string; count: number; tags: string }[]
  }

  expiringWarranties(organizationId: number, days = 30): Asset[] {
    return this.db
      .prepare(
        `SELECT * FROM assets
         WHERE organization_id = ? AND warranty_expires IS NOT NULL
           AND warranty_expires <= date('now', '+' || ? || ' days')
         ORDER BY warranty_expires`
      )
      .all(organizationId, days) as Asset[]
  }

  retire(id: number, organizationId: number): boolean {
    const info = this.db
      .prepare("UPDATE assets SET status = 'retired', updated_at = datetime('now') WHERE id = ? AND organization_id = ? AND status != 'retired'")
      .run(id, organizationId)
    return info.changes === 1
  }
}
