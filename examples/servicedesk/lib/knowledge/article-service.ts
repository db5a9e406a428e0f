import type Database from 'better-sqlite3'
import { getDb } from '@/lib/db/connection'
import type { Article, AuthUser } from '@/lib/types'

export type ArticleWithTags = Article & { tags: string[]; author_name: string }

interface ArticleRow extends Article {
  author_name: string
  tag_list: string | null
}

function withTags(row: ArticleRow): ArticleWithTags {
  const { tag_list, ...article } = row
  return { ...article, tags: tag_list ? tag_list.split(',').sort() : [] }
}

export class KnowledgeService {
  private db: Database.Database = getDb()

  search(organizationId: number, query: string, options: { tag?: string; includeDrafts?: boolean } = {}): ArticleWithTags[] {
    const params: (string | number)[] = [organizationId]
    let sql = `
      SELECT a.*, u.name AS author_name, GROUP_CONCAT(t.tag) AS tag_list
      FROM knowledge_articles a
      JOIN users u ON u.id = a.author_id
      LEFT JOIN article_tags t ON t.article_id = a.id
      WHERE a.organization_id = ?`
    if (!options.includeDrafts) {
      sql += " AND a.status = 'published'"
    }
    if (query.trim()) {
      sql += ' AND (a.title LIKE ? OR a.body LIKE ?)'
      params.push(`%${query.trim()}%`, `%${query.trim()}%`)
    }
    if (options.tag) {
      sql += ' AND a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)'
      params.push(options.tag)
    }
    sql += ' GROUP BY a.id, u.name ORDER BY a.view_count DESC, a.id ASC'

    const rows = this.db.prepare(sql).all(...params) as ArticleRow[]
    return rows.map(withTags)
  }

  get(id: number, organizationId: number): ArticleWithTags | undefined {
    const row = this.db
      .prepare(
        `SELECT a.*, u.name AS author_name, GROUP_CONCAT(t.tag) AS tag_list
         FROM knowledge_articles a
         JOIN users u ON u.id = a.author_id
         LEFT JOIN article_tags t ON t.article_id = a.id
         WHERE a.id = ? AND a.organization_id = ?
         GROUP BY a.id, u.name`
      )
      .get(id, organizationId) as ArticleRow | undefined
    return row ? withTags(row) : undefined
  }

  /** Reads an article for display and counts the view. */
  view(id: number, organizationId: number): ArticleWithTags | undefined {
    const result = this.db
      .prepare("UPDATE knowledge_articles SET view_count = view_count + 1 WHERE id = ? AND organization_id = ? AND status = 'published'")
      .run(id, organizationId)
    if (result.changes === 0) return undefined
    return this.get(id, organizationId)
  }

  create(author: AuthUser, input: { title: string; body: string; category_id?: number; tags: string[]; publish: boolean }): ArticleWithTags {
    const insertArticle = this.db.prepare(
      `INSERT INTO knowledge_articles (organization_id, title, body, category_id, author_id, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, datetime('now'), datetime('now'))`
    )
    const insertTag = this.db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)')

    const tx = this.db.transaction((data: typeof input) => {
      const info = insertArticle.run(
        author.organization_id,
        data.title,
        data.body,
        data.category_id ?? null,
        author.id,
        data.publish ? 'published' : 'draft'
      )
      for (const tag of data.tags) {
        insertTag.run(info.lastInsertRowid, tag.trim().toLowerCase())
      }
      return Number(info.lastInsertRowid)
    })

    const id = tx(input)
    return this.get(id, author.organization_id)!
  }

  publish(id: number, organizationId: number): boolean {
    return (
      this.db
        .prepare("UPDATE knowledge_articles SET status = 'published', updated_at = datetime('now') WHERE id = ? AND organization_id = ?")
        .run(id, organizationId).changes > 0
    )
  }

  /** Articles that might answer a ticket: the ones sharing its words, most viewed first. */
  suggestForTicket(organizationId: number, title: string, limit = 3): Article[] {
    const words = title
      .split(/\W+/)
      .filter((w) => w.length > 3)
      .slice(0, 5)
    if (words.length === 0) return []
    const clauses = words.map(() => 'title LIKE ?').join(' OR ')
    return this.db
      .prepare(
        `SELECT * FROM knowledge_articles
         WHERE organization_id = ? AND status = 'published' AND (${clauses})
         ORDER BY view_count DESC LIMIT ${Number(limit)}`
      )
      .all(organizationId, ...words.map((w) => `%${w}%`)) as Article[]
  }

  recordFeedback(articleId: number, userId: number, helpful: boolean, comment?: string) {
    this.db
      .prepare('INSERT OR REPLACE INTO kb_feedback (article_id, user_id, helpful, comment, created_at) VALUES (?, ?, ?, ?, datetime(\'now\'))')
      .run(articleId, userId, helpful ? 1 : 0, comment ?? null)
    return this.db
      .prepare('SELECT SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS helpful, COUNT(*) AS total FROM kb_feedback WHERE article_id = ?')
      .get(articleId) as { helpful: number; total: number }
  }
}

export const knowledgeService = new KnowledgeService()
