import { executeRun } from '@/lib/db/adapter'

export async function takeSnapshot(organizationId: number): Promise<void> {
  await executeRun('INSERT INTO snapshots (organization_id) VALUES (?)', [organizationId])
}
