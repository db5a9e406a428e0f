import { getTicket } from './index'
export async function title(id: number): Promise<string> {
  return (await getTicket(id)).title
}
