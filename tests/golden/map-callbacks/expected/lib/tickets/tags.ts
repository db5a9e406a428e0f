import db from '@/lib/db/connection'
import { executeQuery, executeQueryOne, executeRun } from '@/lib/db/adapter'

type Ticket = { id: number; title: string }

export async function withTags(rows: Ticket[]) {
  return await Promise.all(rows.map(async r => ({ ...r, tags: await executeQuery('SELECT name FROM tags WHERE ticket_id = ?', [r.id]) })))
}

export async function openWithComments(rows: Ticket[]) {
  const withCounts = (await Promise.all(rows
    .map(async (r) => {
      const row = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM comments WHERE ticket_id = ?', [r.id]) as { n: number }
      return { ...r, comments: row.n }
    })))
    .filter((r) => r.comments > 0)
  return withCounts
}

export async function assignees(rows: Ticket[]) {
  return Promise.all(rows.map(async (r) => await executeQueryOne('SELECT user_id FROM assignments WHERE ticket_id = ?', [r.id])))
}

export async function archive(rows: Ticket[]): Promise<number[]> {
  const changes = [];
  for (const r of rows) changes.push((await executeRun('UPDATE tickets SET archived = 1 WHERE id = ?', [r.id])).changes);
  return changes
}

export function visible(rows: Ticket[]) {
  return rows.filter((r) => db.prepare('SELECT 1 FROM hidden WHERE ticket_id = ?').get(r.id) === undefined)
}

export function touch(rows: Ticket[]) {
  rows.map((r) => {
    db.prepare('UPDATE tickets SET seen = 1 WHERE id = ?').run(r.id)
  })
}

export async function reassign(ids: number[], assigneeId: number): Promise<number[]> {
  const changesInOrder = []
  for (const id of ids) changesInOrder.push((await executeRun('UPDATE tickets SET assignee_id = ? WHERE id = ?', [assigneeId, id])).changes)
  const changes = changesInOrder
  return ids.filter((_, i) => changes[i] > 0)
}
