import { title } from '@/lib/tickets/service'
import { shout } from '@/lib/util/strings'
export function render(id: number): string {
  return shout(title(id))
}
