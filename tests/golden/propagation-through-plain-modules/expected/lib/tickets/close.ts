import { audit } from '@/lib/audit'
import { executeTransaction } from '@/lib/db/adapter'
export async function close(id: number) {
  await executeTransaction(async (tx) => {
    await tx.executeRun('UPDATE tickets SET status = ? WHERE id = ?', ['closed', id])
    await audit(id)
  })
}
