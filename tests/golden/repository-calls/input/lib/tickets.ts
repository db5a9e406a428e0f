import db from '@/lib/db/connection'

export function ticketCount(tenantId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE tenant_id = ?').get(tenantId) as { n: number }).n
}

export function openTickets(tenantId: number) {
  // a literal where the rule has a parameter: it becomes the argument
  return db.prepare("SELECT * FROM tickets WHERE tenant_id = ? AND status = 'open'").all(tenantId) as any[]
}

export function ticketsIn(status: string, tenantId: number) {
  return db.prepare('SELECT * FROM tickets WHERE status = ? AND tenant_id = ?').all(status, tenantId)
}

export function removeAll(ids: number[]) {
  const remove = db.prepare("UPDATE tickets SET deleted_at = datetime('now') WHERE id = ?")
  for (const id of ids) {
    remove.run(id)
  }
}

export function archive(id: number) {
  const tx = db.transaction(() => {
    db.prepare("UPDATE tickets SET deleted_at = datetime('now') WHERE id = ?").run(id)
    db.prepare('INSERT INTO audit (ticket_id) VALUES (?)').run(id)
  })
  tx()
}

export function purgeOld() {
  return db.prepare("DELETE FROM tickets WHERE deleted_at < datetime('now', '-30 days')").run().changes
}
