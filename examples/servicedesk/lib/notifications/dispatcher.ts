import { pendingDigests, createNotification } from './notification-service'

let timer: NodeJS.Timeout | null = null

export function sendDueDigests(): number {
  const digests = pendingDigests()
  for (const digest of digests) {
    // Mail delivery is done by the mail relay reading these rows.
    createNotification({
      userId: digest.user_id,
      type: 'digest',
      title: `${digest.unread} unread notifications`,
      body: digest.titles,
      dedupeKey: `digest:${digest.user_id}:${new Date().toISOString().slice(0, 10)}`,
    })
  }
  return digests.length
}

export function startDigestScheduler(intervalMs = 15 * 60_000) {
  if (timer) return
  timer = setInterval(() => {
    try {
      const sent = sendDueDigests()
      if (sent > 0) console.log(`[notifications] queued ${sent} digests`)
    } catch (error) {
      console.error('[notifications] digest run failed', error)
    }
  }, intervalMs)
  timer.unref()
}

export function stopDigestScheduler() {
  if (timer) clearInterval(timer)
  timer = null
}
