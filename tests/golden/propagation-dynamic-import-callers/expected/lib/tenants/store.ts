import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter'

export interface Tenant {
  id: number
  slug: string
  linux_user: string
  status: 'pending' | 'active' | 'suspended'
}

export async function listTenants(): Promise<Tenant[]> {
  return await executeQuery<Tenant>('SELECT id, slug, linux_user, status FROM tenants ORDER BY created_at DESC')
}

export async function getTenant(id: number): Promise<Tenant | undefined> {
  return await executeQueryOne<Tenant>('SELECT id, slug, linux_user, status FROM tenants WHERE id = ?', [id])
}

export async function suspendTenant(id: number, reason: string) {
  await executeRun("UPDATE tenants SET status = 'suspended', suspended_reason = ? WHERE id = ?", [reason, id])
}
