import { ticketTitle } from '@/lib/db'
import { executeQuery } from '@/lib/db/adapter'

export async function GET() {
  const tickets = await executeQuery('SELECT * FROM tickets ORDER BY id')
  return Response.json(tickets)
}

export function titleOf(raw: string): string {
  return ticketTitle(raw)
}
