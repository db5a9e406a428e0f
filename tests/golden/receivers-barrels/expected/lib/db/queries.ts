export function ticketTitle(title: string): string {
  return title.trim()
}
