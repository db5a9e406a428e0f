import { createServer } from 'http'
import { createApp } from './lib/server/app'
import { startDigestScheduler } from './lib/notifications/dispatcher'
import { escalateBreaches } from './lib/sla/sla-service'
import { getDb } from './lib/db/connection'

const dev = process.env.NODE_ENV !== 'production'
const port = Number(process.env.PORT || 3000)
const app = createApp({ dev })
const handle = app.getRequestHandler()

app.prepare().then(() => {
  startDigestScheduler()

  // SLA escalation every five minutes, for every organization
  setInterval(() => {
    const orgs = getDb().prepare('SELECT id FROM organizations').all() as { id: number }[]
    for (const org of orgs) {
      const escalated = escalateBreaches(org.id)
      if (escalated.length > 0) console.log(`[sla] escalated ${escalated.length} tickets in org ${org.id}`)
    }
  }, 5 * 60_000).unref()

  createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(error)
      res.statusCode = 500
      res.end('Internal Server Error')
    })
  }).listen(port, () => {
    console.log(`> ServiceDesk ready on http://localhost:${port}`)
  })
})
