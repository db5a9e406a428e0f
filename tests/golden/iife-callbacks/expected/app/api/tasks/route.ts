import { describeTask } from '@/lib/tasks/dispatch'

export async function GET(request: Request) {
  const id = Number(new URL(request.url).searchParams.get('id'))
  return Response.json({ summary: await describeTask(id) })
}
