import { getDb } from '@/lib/db/connection';

export class TicketService {
  private db = getDb();

  get(id: number) {
    return this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id);
  }

  exists(id: number): boolean {
    return Boolean(this.get(id));
  }
}

export const ticketService = new TicketService();
