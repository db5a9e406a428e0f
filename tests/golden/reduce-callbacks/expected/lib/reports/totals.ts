import db from '@/lib/db/connection'
import { executeQueryOne } from '@/lib/db/adapter'

type Category = { id: number; name: string }
type Agent = { id: number; name: string }

export async function ticketsByCategory(categories: Category[]): Promise<Record<string, number>> {
  let acc: Record<string, number> = {}
  for (const category of categories) {
    acc[category.name] = (
      await executeQueryOne<{ count: number }>('SELECT COUNT(*) AS count FROM tickets WHERE category_id = ?', [category.id]) as { count: number }
    ).count
  }
  return acc
}

export async function openWorkload(agents: Agent[]) {
  let sum = 0
  for (const agent of agents) {
    sum = sum + (await executeQueryOne<{ n: number }>("SELECT COUNT(*) AS n FROM tickets WHERE assignee_id = ? AND status = 'open'", [agent.id]) as { n: number }).n
  }
  const total = sum
  return { total, perAgent: agents.length ? total / agents.length : 0 }
}

export async function responseHours(priorities: string[]) {
  let acc = {} as Record<string, number>
  for (const priority of priorities) {
    const policy = await executeQueryOne<{ response_hours: number }>('SELECT response_hours FROM sla_policies WHERE priority = ?', [priority])
    if (!policy) continue
    acc = { ...acc, [priority]: policy.response_hours }
  }
  const hours = acc
  return hours
}

export async function queueLines(ids: number[]): Promise<string[]> {
  let lines: string[] = []
  for (const [position, id] of ids.entries()) {
    const row = await executeQueryOne<{ title: string }>('SELECT title FROM tickets WHERE id = ?', [id])
    if (row) lines.push(`${position + 1}. ${row.title}`)
  }
  return lines
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
