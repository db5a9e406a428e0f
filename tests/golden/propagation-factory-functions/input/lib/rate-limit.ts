import db from '@/lib/db/connection'

export function logSecurityEvent(kind: string, detail: string): void {
  db.prepare('INSERT INTO security_events (kind, detail) VALUES (?, ?)').run(kind, detail)
}

export function createRateLimiter(limit: number) {
  const hits = new Map<string, number>()
  return function check(key: string): string | null {
    const count = (hits.get(key) ?? 0) + 1
    hits.set(key, count)
    if (count > limit) {
      logSecurityEvent('rate-limit', key)
      return 'too many requests'
    }
    return null
  }
}

export const mutationLimiter = createRateLimiter(10)
