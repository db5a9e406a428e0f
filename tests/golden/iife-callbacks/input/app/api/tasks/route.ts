import { describeTask } from '@/lib/tasks/dispatch'

export function GET(request: Request) {
  const id = Number(new URL(request.url).searchParams.get('id'))
  return Response.json({ summary: describeTask(id) })
}
