import { executeQueryOne } from '@/lib/db/adapter'

export async function describeTask(taskId: number): Promise<string> {
  // Metadata is free-form JSON written by agents: a bad row must not stop the dispatch.
  const meta = await (async () => {
    try {
      const row = await executeQueryOne<{ metadata: string }>('SELECT metadata FROM tasks WHERE id = ?', [taskId])
      return row?.metadata ? JSON.parse(row.metadata) : {}
    } catch {
      return {}
    }
  })()

  const title = (await (async function () {
    const row = await executeQueryOne<{ title: string }>('SELECT title FROM tasks WHERE id = ?', [taskId])
    return row?.title ?? 'untitled'
  })()).trim()

  return `${title} -> ${typeof meta.target === 'string' ? meta.target : 'any agent'}`
}
