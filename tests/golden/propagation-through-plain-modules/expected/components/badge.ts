import { shout } from '@/lib/util/strings'
export function badge(label: string): string {
  return shout(label)
}
