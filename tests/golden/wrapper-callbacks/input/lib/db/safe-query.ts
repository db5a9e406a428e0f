export function safeQuery<T>(fn: () => T, context: string): T {
  try {
    return fn()
  } catch (error) {
    console.error(`query failed: ${context}`, error)
    throw new Error(`database error: ${context}`)
  }
}

export function trackDatabaseQuery<T>(name: string, fn: () => T): T {
  const started = Date.now()
  const result = fn()
  console.debug(`${name} took ${Date.now() - started} ms`)
  return result
}

export function formatError(error: unknown, describe: (e: unknown) => string): string {
  return describe(error)
}
