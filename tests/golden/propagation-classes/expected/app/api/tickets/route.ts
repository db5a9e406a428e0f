import { ticketService } from '@/lib/tickets/service';

export async function GET() {
  return Response.json({ exists: await ticketService.exists(1) });
}
