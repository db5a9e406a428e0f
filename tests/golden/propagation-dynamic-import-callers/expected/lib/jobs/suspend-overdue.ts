import { logger } from '@/lib/logger'

export async function suspendOverdue(overdue: number[]): Promise<number> {
  for (const id of overdue) {
    await (await import('../tenants')).suspendTenant(id, 'payment overdue')
    logger.info({ id }, 'tenant suspended')
  }
  return overdue.length
}
