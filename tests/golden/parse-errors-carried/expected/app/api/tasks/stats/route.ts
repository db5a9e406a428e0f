import { NextResponse } from 'next/server'
import { executeQuery, executeQueryOne } from '@/lib/db/adapter'

export async function GET(request: Request) {
  const workspaceId = Number(new URL(request.url).searchParams.get('workspace') ?? 1)
  const params: unknown[] = [workspaceId]
  const stats = await executeQueryOne<{
    total: number
    in_progress: number | null
    done: number | null
  }>(`
    SELECT
      COUNT(*) as total,
      SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END) as in_progress,
      SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) as done
    FROM tasks
    WHERE workspace_id = ?
  `, params) as {
    total: number
    in_progress: number | null
    done: number | null
  }

  const byAgent = await executeQuery<{
    assigned_to: string
    total: number
    in_progress: number | null
  }>(`
    SELECT assigned_to, COUNT(*) as total,
      SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END) as in_progress
    FROM tasks
    WHERE workspace_id = ?
    GROUP BY assigned_to
  `, [workspaceId])

  return NextResponse.json({
    total: stats.total,
    inProgress: stats.in_progress ?? 0,
    done: stats.done ?? 0,
    agents: byAgent.map((row) => ({ agent: row.assigned_to, total: row.total, inProgress: row.in_progress ?? 0 })),
  })
}
