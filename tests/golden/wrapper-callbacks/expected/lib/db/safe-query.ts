export async function safeQuery<T>(fn: () => T | Promise<T>, context: string): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    console.error(`query failed: ${context}`, error)
    throw new Error(`database error: ${context}`)
  }
}

export async function trackDatabaseQuery<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await fn()
  console.debug(`${name} took ${Date.now() - started} ms`)
  return result
}

export function formatError(error: unknown, describe: (e: unknown) => string): string {
  return describe(error)
}
