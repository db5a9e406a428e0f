import type { AuthUser } from '@/lib/types'

export interface TicketFilters {
  status?: string[]
  priority?: string
  assignee?: string // 'me' | 'unassigned' | user id
  categoryId?: number
  search?: string
  tag?: string
  sort?: string
  order?: string
  page?: number
  pageSize?: number
}

const SORTABLE: Record<string, string> = {
  created: 't.created_at',
  updated: 't.updated_at',
  priority: "CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
  due: 't.sla_due_at',
  id: 't.id',
}

export function parseTicketFilters(params: URLSearchParams): TicketFilters {
  const status = params.get('status')
  return {
    status: status ? status.split(',').filter(Boolean) : undefined,
    priority: params.get('priority') ?? undefined,
    assignee: params.get('assignee') ?? undefined,
    categoryId: params.get('category') ? Number(params.get('category')) : undefined,
    search: params.get('q') ?? undefined,
    tag: params.get('tag') ?? undefined,
    sort: params.get('sort') ?? undefined,
    order: params.get('order') ?? undefined,
    page: params.get('page') ? Math.max(1, Number(params.get('page'))) : 1,
    pageSize: params.get('pageSize') ? Math.min(100, Math.max(1, Number(params.get('pageSize')))) : 25,
  }
}

/** WHERE clause (starting with " WHERE") and its parameters for a ticket list. */
export function buildTicketWhere(user: AuthUser, filters: TicketFilters, canSeeAll: boolean) {
  let where = ' WHERE t.organization_id = ?'
  const params: (string | number)[] = [user.organization_id]

  if (!canSeeAll) {
    where += ' AND t.requester_id = ?'
    params.push(user.id)
  }
  if (filters.status && filters.status.length > 0) {
    where += ` AND t.status IN (${filters.status.map(() => '?').join(', ')})`
    params.push(...filters.status)
  }
  if (filters.priority) {
    where += ' AND t.priority = ?'
    params.push(filters.priority)
  }
  if (filters.assignee === 'me') {
    where += ' AND t.assignee_id = ?'
    params.push(user.id)
  } else if (filters.assignee === 'unassigned') {
    where += ' AND t.assignee_id IS NULL'
  } else if (filters.assignee) {
    where += ' AND t.assignee_id = ?'
    params.push(Number(filters.assignee))
  }
  if (filters.categoryId) {
    where += ' AND t.category_id = ?'
    params.push(filters.categoryId)
  }
  if (filters.search) {
    where += ' AND (t.title LIKE ? OR t.description LIKE ?)'
    params.push(`%${filters.search}%`, `%${filters.search}%`)
  }
  if (filters.tag) {
    where += ' AND t.id IN (SELECT tt.ticket_id FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.name = ?)'
    params.push(filters.tag)
  }
  return { where, params }
}

export function buildOrderBy(filters: TicketFilters): string {
  const column = SORTABLE[filters.sort ?? 'created'] ?? SORTABLE.created
  const direction = filters.order?.toLowerCase() === 'asc' ? 'ASC' : 'DESC'
  return ` ORDER BY ${column} ${direction}, t.id ${direction}`
}
