import { executeRun } from '@/lib/db/adapter'

export async function logSecurityEvent(kind: string, detail: string): Promise<void> {
  await executeRun('INSERT INTO security_events (kind, detail) VALUES (?, ?)', [kind, detail])
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
