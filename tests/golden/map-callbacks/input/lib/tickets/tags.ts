import db from '@/lib/db/connection'

type Ticket = { id: number; title: string }

export function withTags(rows: Ticket[]) {
  return rows.map(r => ({ ...r, tags: db.prepare('SELECT name FROM tags WHERE ticket_id = ?').all(r.id) }))
}

export function openWithComments(rows: Ticket[]) {
  const withCounts = rows
    .map((r) => {
      const row = db.prepare('SELECT COUNT(*) AS n FROM comments WHERE ticket_id = ?').get(r.id) as { n: number }
      return { ...r, comments: row.n }
    })
    .filter((r) => r.comments > 0)
  return withCounts
}

export async function assignees(rows: Ticket[]) {
  return Promise.all(rows.map((r) => db.prepare('SELECT user_id FROM assignments WHERE ticket_id = ?').get(r.id)))
}

export function archive(rows: Ticket[]): number[] {
  const changes = rows.map((r) => db.prepare('UPDATE tickets SET archived = 1 WHERE id = ?').run(r.id).changes);
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

export function reassign(ids: number[], assigneeId: number): number[] {
  const changes = ids.map((id) => db.prepare('UPDATE tickets SET assignee_id = ? WHERE id = ?').run(assigneeId, id).changes)
  return ids.filter((_, i) => changes[i] > 0)
}
