import db from '@/lib/db/connection'
import { audit } from '@/lib/audit'
export function close(id: number) {
  db.transaction(() => {
    db.prepare('UPDATE tickets SET status = ? WHERE id = ?').run('closed', id)
    audit(id)
  })()
}
