import { getDb } from '@/lib/db/connection'

export function getTagsForTicket(ticketId: number): string[] {
  const db = getDb()
  const rows = db
    .prepare('SELECT g.name FROM tags g JOIN ticket_tags tt ON tt.tag_id = g.id WHERE tt.ticket_id = ? ORDER BY g.name')
    .all(ticketId) as { name: string }[]
  return rows.map((r) => r.name)
}

/** Replaces the tags of a ticket. Unknown tags are created. */
export function setTicketTags(ticketId: number, tags: string[]) {
  const db = getDb()
  const insertTag = db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)')
  const findTag = db.prepare('SELECT id FROM tags WHERE name = ?')
  const link = db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)')

  const replace = db.transaction((names: string[]) => {
    db.prepare('DELETE FROM ticket_tags WHERE ticket_id = ?').run(ticketId)
    for (const name of names) {
      insertTag.run(name)
      const tag = findTag.get(name) as { id: number }
      link.run(ticketId, tag.id)
    }
  })
  replace([...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))])
}

export function popularTags(organizationId: number, limit = 10) {
  const db = getDb()
  return db
    .prepare(
      `SELECT g.name, COUNT(*) AS uses
       FROM ticket_tags tt
       JOIN tags g ON g.id = tt.tag_id
       JOIN tickets t ON t.id = tt.ticket_id
       WHERE t.organization_id = ?
       GROUP BY g.name
       ORDER BY uses DESC, g.name
       LIMIT ?`
    )
    .all(organizationId, limit) as { name: string; uses: number }[]
}
