import type Database from 'better-sqlite3';
import { getDb } from '@/lib/db/connection';
import type { CmdbItem, CmdbRelationship } from '@/lib/types';
import { getOrThrow } from '@/lib/db/helpers';

export interface CmdbItemInput {
  name: string;
  type: string;
  status?: string;
  ownerId?: number | null;
  attributes?: Record<string, unknown>;
}

export type CmdbItemWithLinks = CmdbItem & { child_names: string | null; parent_count: number };

export function listItems(database: Database.Database, organizationId: number, type?: string): CmdbItemWithLinks[] {
  const typeFilter = type ? 'AND i.type = ?' : '';
  const params: unknown[] = type ? [organizationId, type] : [organizationId];
  return database
    .prepare(
      `SELECT i.*,
              (SELECT GROUP_CONCAT(c.name, ', ') FROM cmdb_relationships r JOIN cmdb_items c ON c.id = r.child_id WHERE r.parent_id = i.id) AS child_names,
              (SELECT COUNT(*) FROM cmdb_relationships r WHERE r.child_id = i.id) AS parent_count
       FROM cmdb_items i
       WHERE i.organization_id = ? ${typeFilter}
       ORDER BY i.type, i.name`
    )
    .all(...params) as CmdbItemWithLinks[];
}

export function getItem(database: Database.Database, id: number): CmdbItem | undefined {
  return database.prepare('SELECT * FROM cmdb_items WHERE id = ?').get(id) as CmdbItem | undefined;
}

export function createItem(database: Database.Database, organizationId: number, input: CmdbItemInput): CmdbItem {
  const result = database
    .prepare('INSERT INTO cmdb_items (organization_id, name, type, status, owner_id, attributes) VALUES (?, ?, ?, ?, ?, ?)')
    .run(organizationId, input.name, input.type, input.status ?? 'active', input.ownerId ?? null, JSON.stringify(input.attributes ?? {}));
  return getItem(database, Number(result.lastInsertRowid))!;
}

export function addRelationship(
  database: Database.Database,
  parentId: number,
  childId: number,
  relationshipType = 'depends_on'
): { created: boolean } {
  const result = database
    .prepare('INSERT OR IGNORE INTO cmdb_relationships (parent_id, child_id, relationship_type) VALUES (?, ?, ?)')
    .run(parentId, childId, relationshipType);
  return { created: result.changes > 0 };
}

export function removeRelationship(database: Database.Database, parentId: number, childId: number): boolean {
  return database.prepare('DELETE FROM cmdb_relationships WHERE parent_id = ? AND child_id = ?').run(parentId, childId).changes > 0;
}

export function getRelationships(database: Database.Database, itemId: number) {
  return {
    parents: database
      .prepare(
        `SELECT r.*, i.name AS parent_name FROM cmdb_relationships r JOIN cmdb_items i ON i.id = r.parent_id WHERE r.child_id = ?`
      )
      .all(itemId) as Array<CmdbRelationship & { parent_name: string }>,
    children: database
      .prepare(
        `SELECT r.*, i.name AS child_name FROM cmdb_relationships r JOIN cmdb_items i ON i.id = r.child_id WHERE r.parent_id = ?`
      )
      .all(itemId) as Array<CmdbRelationship & { child_name: string }>,
  };
}

export function summarizeByType(organizationId: number) {
  const db = getDb();
  return db
    .prepare('SELECT type, COUNT(*) AS count, GROUP_CONCAT(name) AS names FROM cmdb_items WHERE organization_id = ? GROUP BY type')
    .all(organizationId) as Array<{ type: string; count: number; names: string }>;
}

export function describeItem(id: number) {
  const item = getOrThrow<CmdbItem>('cmdb_items', id);
  return { ...item, attributes: JSON.parse(item.attributes) as Record<string, unknown> };
}
