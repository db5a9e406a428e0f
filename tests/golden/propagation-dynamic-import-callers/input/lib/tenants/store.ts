import { getDatabase } from '@/lib/db/connection'

export interface Tenant {
  id: number
  slug: string
  linux_user: string
  status: 'pending' | 'active' | 'suspended'
}

export function listTenants(): Tenant[] {
  const db = getDatabase()
  return db.prepare('SELECT id, slug, linux_user, status FROM tenants ORDER BY created_at DESC').all() as Tenant[]
}

export function getTenant(id: number): Tenant | undefined {
  return getDatabase().prepare('SELECT id, slug, linux_user, status FROM tenants WHERE id = ?').get(id) as Tenant | undefined
}

export function suspendTenant(id: number, reason: string) {
  getDatabase().prepare("UPDATE tenants SET status = 'suspended', suspended_reason = ? WHERE id = ?").run(reason, id)
}
