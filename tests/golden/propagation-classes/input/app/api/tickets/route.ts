import { ticketService } from '@/lib/tickets/service';

export async function GET() {
  return Response.json({ exists: ticketService.exists(1) });
}
