import db from '@/lib/db/connection'
import { getCategories } from '@/lib/db'

export interface DailyCount {
  day: string
  created: number
}

export function ticketsPerDay(organizationId: number, days = 7): DailyCount[] {
  return db
    .prepare(
      `SELECT strftime('%Y-%m-%d', created_at) AS day, COUNT(*) AS created
       FROM tickets
       WHERE organization_id = ? AND created_at >= date('now', '-${days} days')
       GROUP BY day
       ORDER BY day`
    )
    .all(organizationId) as DailyCount[]
}

export function priorityBreakdown(organizationId: number) {
  return db
    .prepare(
      `SELECT priority, COUNT(*) AS count, ROUND(AVG(satisfaction_score), 2) AS avg_satisfaction
       FROM tickets
       WHERE organization_id = ?
       GROUP BY priority
       ORDER BY count DESC, priority`
    )
    .all(organizationId) as { priority: string; count: number; avg_satisfaction: number | null }[]
}

export function ticketsByCategory(organizationId: number): Record<string, number> {
  return getCategories(organizationId).reduce<Record<string, number>>((acc, category) => {
    acc[category.name] = (
      db.prepare('SELECT COUNT(*) AS count FROM tickets WHERE category_id = ?').get(category.id) as { count: number }
    ).count
    return acc
  }, {})
}

export function meanTimeToResolve(organizationId: number, days = 30): number | null {
  const row = db
    .prepare(
      `SELECT AVG(julianday(resolved_at) - julianday(created_at)) * 24 AS hours
       FROM tickets
       WHERE organization_id = ? AND resolved_at IS NOT NULL AND resolved_at >= date('now', ?)`
    )
    .get(organizationId, `-${days} days`) as { hours: number | null }
  return row.hours === null ? null : Math.round(row.hours * 10) / 10
}

export function satisfactionByAgent(organizationId: number) {
  return db
    .prepare(
      `SELECT u.name, ROUND(AVG(t.satisfaction_score), 2) AS score, COUNT(t.id) AS rated
       FROM tickets t JOIN users u ON u.id = t.assignee_id
       WHERE t.organization_id = ? AND t.satisfaction_score IS NOT NULL
       GROUP BY u.id
       ORDER BY score DESC`
    )
    .all(organizationId) as { name: string; score: number; rated: number }[]
}

export function getOverview(organizationId: number) {
  return {
    perDay: ticketsPerDay(organizationId),
    byPriority: priorityBreakdown(organizationId),
    byCategory: ticketsByCategory(organizationId),
    mttrHours: meanTimeToResolve(organizationId),
    satisfaction: satisfactionByAgent(organizationId),
  }
}
