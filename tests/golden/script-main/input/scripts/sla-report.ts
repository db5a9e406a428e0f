import db from '../lib/db/connection'
import { getBreachedTickets } from '../lib/report'

const limit = Number(process.argv[2] ?? 10)

const breached = getBreachedTickets()
console.log(`${breached.length} tickets breached their SLA`)
for (const ticket of breached.slice(0, limit)) {
  console.log(`#${ticket.id} ${ticket.title}`)
}
const open = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE status = 'open'").get() as { n: number }
console.log(`${open.n} open`)
