import { db } from '../connection'
import type { Category } from '@/lib/types'

export function getCategories(organizationId: number): Category[] {
  return db.prepare('SELECT * FROM categories WHERE organization_id = ? ORDER BY name').all(organizationId) as Category[]
}

export function getCategoryById(id: number): Category | undefined {
  return db.prepare('SELECT * FROM categories WHERE id = ?').get(id) as Category | undefined
}

export function createCategory(organizationId: number, name: string, description?: string): number {
  const info = db
    .prepare('INSERT INTO categories (organization_id, name, description) VALUES (?, ?, ?)')
    .run(organizationId, name, description ?? null)
  return info.lastInsertRowid as number
}
