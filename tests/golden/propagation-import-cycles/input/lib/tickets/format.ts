import { getTicket } from './index'

export function label(id: number): string {
  return `#${id} ${getTicket(id).title}`
}

export function plain(title: string): string {
  return title.toLowerCase()
}
