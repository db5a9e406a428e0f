import { getTicket } from './index'

export async function label(id: number): Promise<string> {
  return `#${id} ${(await getTicket(id)).title}`
}

export function plain(title: string): string {
  return title.toLowerCase()
}
