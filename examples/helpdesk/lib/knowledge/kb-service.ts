import type Database from 'better-sqlite3';
import { getDatabase } from '@/lib/db/connection';
import type { KbArticle } from '@/lib/types';

export interface ArticleInput {
  title: string;
  content: string;
  categoryId?: number | null;
  isPublished?: boolean;
}

function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export class KnowledgeBaseService {
  constructor(private db: Database.Database = getDatabase()) {}

  getArticle(id: number, organizationId: number): KbArticle | undefined {
    return this.db
      .prepare('SELECT * FROM kb_articles WHERE id = ? AND organization_id = ?')
      .get(id, organizationId) as KbArticle | undefined;
  }

  listArticles(organizationId: number, includeDrafts = false): KbArticle[] {
    const sql = includeDrafts
      ? 'SELECT * FROM kb_articles WHERE organization_id = ? ORDER BY views DESC, title'
      : 'SELECT * FROM kb_articles WHERE organization_id = ? AND is_published = 1 ORDER BY views DESC, title';
    return this.db.prepare(sql).all(organizationId) as KbArticle[];
  }

  createArticle(organizationId: number, authorId: number, input: ArticleInput): KbArticle {
    const slug = this.uniqueSlug(organizationId, slugify(input.title));
    const result = this.db
      .prepare(
        `INSERT INTO kb_articles (organization_id, title, slug, content, category_id, author_id, is_published)
         VALUES (?, ?, ?, ?, ?, ?, ?)`
      )
      .run(organizationId, input.title, slug, input.content, input.categoryId ?? null, authorId, input.isPublished ? 1 : 0);
    return this.getArticle(Number(result.lastInsertRowid), organizationId)!;
  }

  updateArticle(id: number, organizationId: number, input: Partial<ArticleInput>): KbArticle | undefined {
    const current = this.getArticle(id, organizationId);
    if (!current) return undefined;
    this.db
      .prepare(
        `UPDATE kb_articles SET title = ?, content = ?, category_id = ?, is_published = ?, updated_at = datetime('now')
         WHERE id = ?`
      )
      .run(
        input.title ?? current.title,
        input.content ?? current.content,
        input.categoryId === undefined ? current.category_id : input.categoryId,
        input.isPublished === undefined ? (current.is_published ? 1 : 0) : input.isPublished ? 1 : 0,
        id
      );
    return this.getArticle(id, organizationId);
  }

  deleteArticle(id: number, organizationId: number): boolean {
    return this.db.prepare('DELETE FROM kb_articles WHERE id = ? AND organization_id = ?').run(id, organizationId).changes > 0;
  }

  recordView(id: number): number {
    this.db.prepare('UPDATE kb_articles SET views = views + 1 WHERE id = ?').run(id);
    return (this.db.prepare('SELECT views FROM kb_articles WHERE id = ?').get(id) as { views: number }).views;
  }

  private uniqueSlug(organizationId: number, base: string): string {
    const taken = this.db
      .prepare('SELECT slug FROM kb_articles WHERE organization_id = ? AND slug LIKE ?')
      .all(organizationId, `${base}%`) as Array<{ slug: string }>;
    const slugs = new Set(taken.map((row) => row.slug));
    if (!slugs.has(base)) return base;
    let n = 2;
    while (slugs.has(`${base}-${n}`)) n += 1;
    return `${base}-${n}`;
  }
}

export const knowledgeBase = new KnowledgeBaseService();
