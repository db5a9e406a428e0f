import { getTicket } from './index'
export function title(id: number): string {
  return getTicket(id).title
}
