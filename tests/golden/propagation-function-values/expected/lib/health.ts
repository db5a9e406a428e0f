import { countActiveSessions } from './sessions'
import { registerProbe } from './probes'

export interface CheckResult {
  name: string
  ok: boolean
  detail?: string
}

function checkDisk(): CheckResult {
  return { name: 'disk', ok: true }
}

async function checkSessions(): Promise<CheckResult> {
  const active = await countActiveSessions('claude')
  return { name: 'sessions', ok: active < 100, detail: `${active} active` }
}

const CHECKS: Array<() => CheckResult> = [
  checkDisk,
  checkSessions,
]

registerProbe('sessions', checkSessions)

export function runHealthChecks(): CheckResult[] {
  return CHECKS.map((check) => check())
}

export function sessionsLater(): Promise<CheckResult> {
  return Promise.resolve().then(checkSessions)
}
