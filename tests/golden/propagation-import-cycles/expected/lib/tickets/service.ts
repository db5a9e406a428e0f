import { describe, plain } from './index'

export async function headline(id: number): Promise<string> {
  return (await describe(id)).toUpperCase()
}

export function slug(title: string): string {
  return plain(title).replace(/ /g, '-')
}
