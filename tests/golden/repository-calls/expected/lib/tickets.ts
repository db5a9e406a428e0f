import { executeRun, executeTransaction } from '@/lib/db/adapter'
import { ticketsRepository } from '@/lib/repositories/tickets-repository'

export async function ticketCount(tenantId: number): Promise<number> {
  return (await ticketsRepository.countByTenant<{ n: number }>(tenantId) as { n: number }).n
}

export async function openTickets(tenantId: number) {
  // a literal where the rule has a parameter: it becomes the argument
  return await ticketsRepository.findAllByTenantAndStatus(tenantId, 'open')
}

export async function ticketsIn(status: string, tenantId: number) {
  return await ticketsRepository.findAllByTenantAndStatus(tenantId, status)
}

export async function removeAll(ids: number[]) {
  for (const id of ids) {
    await ticketsRepository.softDeleteById(id)
  }
}

export async function archive(id: number) {
  const tx = async () => executeTransaction(async (tx) => {
    await tx.executeRun("UPDATE tickets SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?", [id])
    await tx.executeRun('INSERT INTO audit (ticket_id) VALUES (?)', [id])
  })
  await tx()
}

export async function purgeOld() {
  return (await executeRun("DELETE FROM tickets WHERE deleted_at < datetime('now', '-30 days')")).changes
}
