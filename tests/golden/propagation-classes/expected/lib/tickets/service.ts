import { executeQueryOne } from '@/lib/db/adapter';

export class TicketService {
  async get(id: number) {
    return await executeQueryOne('SELECT * FROM tickets WHERE id = ?', [id]);
  }

  async exists(id: number): Promise<boolean> {
    return Boolean(await this.get(id));
  }
}

export const ticketService = new TicketService();
