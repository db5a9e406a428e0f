import { title } from '@/lib/tickets/service'
import { shout } from '@/lib/util/strings'
export async function render(id: number): Promise<string> {
  return shout(await title(id))
}
