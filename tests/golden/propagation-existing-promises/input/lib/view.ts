import { fetchStatus } from './remote';
import { countTickets } from './tickets';

export const status = (id: number) => fetchStatus(id);

export function total() {
  return countTickets();
}
