import { describe, plain } from './index'

export function headline(id: number): string {
  return describe(id).toUpperCase()
}

export function slug(title: string): string {
  return plain(title).replace(/ /g, '-')
}
