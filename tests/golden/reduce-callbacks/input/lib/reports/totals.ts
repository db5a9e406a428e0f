import db from '@/lib/db/connection'

type Category = { id: number; name: string }
type Agent = { id: number; name: string }

export function ticketsByCategory(categories: Category[]): Record<string, number> {
  return categories.reduce<Record<string, number>>((acc, category) => {
    acc[category.name] = (
      db.prepare('SELECT COUNT(*) AS count FROM tickets WHERE category_id = ?').get(category.id) as { count: number }
    ).count
    return acc
  }, {})
}

export function openWorkload(agents: Agent[]) {
  const total = agents.reduce((sum, agent) => sum + (db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE assignee_id = ? AND status = 'open'").get(agent.id) as { n: number }).n, 0)
  return { total, perAgent: agents.length ? total / agents.length : 0 }
}

export function responseHours(priorities: string[]) {
  const hours = priorities.reduce((acc, priority) => {
    const policy = db.prepare('SELECT response_hours FROM sla_policies WHERE priority = ?').get(priority) as { response_hours: number } | undefined
    if (!policy) return acc
    return { ...acc, [priority]: policy.response_hours }
  }, {} as Record<string, number>)
  return hours
}

export function queueLines(ids: number[]): string[] {
  return ids.reduce((lines: string[], id, position) => {
    const row = db.prepare('SELECT title FROM tickets WHERE id = ?').get(id) as { title: string } | undefined
    if (row) lines.push(`${position + 1}. ${row.title}`)
    return lines
  }, [])
}

export function busiest(agents: Agent[]) {
  return agents.reduce((best, agent) => {
    const load = db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE assignee_id = ?').get(agent.id) as { n: number }
    const bestLoad = db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE assignee_id = ?').get(best.id) as { n: number }
    return load.n > bestLoad.n ? agent : best
  })
}

export function categoryTotal(categories: Category[], withCounts: boolean) {
  return withCounts
    ? categories.reduce((sum, category) => sum + (db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE category_id = ?').get(category.id) as { n: number }).n, 0)
    : categories.length
}
