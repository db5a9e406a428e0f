/**
 * Small wrappers used around queries on pages that must render even when a query fails
 * (dashboards, sidebars) and around the slow ones we keep an eye on.
 */

const SLOW_QUERY_MS = Number(process.env.SLOW_QUERY_MS || 200)

export function safeQuery<T>(fn: () => T, context: string, fallback?: T): T | undefined {
  try {
    return fn()
  } catch (error) {
    console.error(`[db] ${context} failed:`, error instanceof Error ? error.message : error)
    return fallback
  }
}

export function withTiming<T>(name: string, fn: () => T): T {
  const started = performance.now()
  try {
    return fn()
  } finally {
    const elapsed = performance.now() - started
    if (elapsed > SLOW_QUERY_MS) {
      console.warn(`[db] slow query ${name}: ${elapsed.toFixed(1)}ms`)
    }
  }
}
