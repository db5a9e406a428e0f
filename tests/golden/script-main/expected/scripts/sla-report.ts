import { getBreachedTickets } from '../lib/report'
import { executeQueryOne } from '@/lib/db/adapter'

const limit = Number(process.argv[2] ?? 10)

async function main(): Promise<void> {
const breached = await getBreachedTickets()
console.log(`${breached.length} tickets breached their SLA`)
for (const ticket of breached.slice(0, limit)) {
  console.log(`#${ticket.id} ${ticket.title}`)
}
const open = await executeQueryOne<{ n: number }>("SELECT COUNT(*) AS n FROM tickets WHERE status = 'open'") as { n: number }
console.log(`${open.n} open`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
