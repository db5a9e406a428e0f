/**
 * Weekly SLA report, printed as CSV: npm run report:sla > sla.csv
 */
import db from '../lib/db/connection'
import { getBreachedTickets, getComplianceByPriority } from '../lib/sla/sla-service'
import { getTicketSummary } from '../lib/dashboard/metrics'

const organizations = db.prepare('SELECT id, name FROM organizations ORDER BY id').all() as { id: number; name: string }[]

console.log('organization,priority,total,met,rate,open,breached_now')
for (const org of organizations) {
  const summary = getTicketSummary(org.id)
  const breached = getBreachedTickets(org.id)
  for (const row of getComplianceByPriority(org.id)) {
    const rate = row.total ? ((row.met / row.total) * 100).toFixed(1) : ''
    console.log([org.name, row.priority, row.total, row.met, rate, summary.open, breached.length].join(','))
  }
}

const weekly = db
  .prepare(
    `SELECT strftime('%Y-%W', created_at) AS week, COUNT(*) AS created,
            SUM(CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved
     FROM tickets
     WHERE created_at >= date('now', '-56 days')
     GROUP BY week ORDER BY week`
  )
  .all() as { week: string; created: number; resolved: number }[]

console.error(`\n${weekly.length} weeks:`)
weekly.forEach((w) => console.error(`  ${w.week}  created ${w.created}  resolved ${w.resolved}`))
