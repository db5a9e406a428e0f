import { getDatabase } from '@/lib/db/connection'

export function describeTask(taskId: number): string {
  const db = getDatabase()

  // Metadata is free-form JSON written by agents: a bad row must not stop the dispatch.
  const meta = (() => {
    try {
      const row = db.prepare('SELECT metadata FROM tasks WHERE id = ?').get(taskId) as { metadata: string } | undefined
      return row?.metadata ? JSON.parse(row.metadata) : {}
    } catch {
      return {}
    }
  })()

  const title = (function () {
    const row = db.prepare('SELECT title FROM tasks WHERE id = ?').get(taskId) as { title: string } | undefined
    return row?.title ?? 'untitled'
  })().trim()

  return `${title} -> ${typeof meta.target === 'string' ? meta.target : 'any agent'}`
}
