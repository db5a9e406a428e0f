import db from '@/lib/db/connection';
import type { KbArticle } from '@/lib/types';

export interface ArticleSearchResult extends Pick<KbArticle, 'id' | 'title' | 'slug' | 'views'> {
  excerpt: string;
  category_name: string | null;
}

export function searchArticles(organizationId: number, query: string, limit = 20): ArticleSearchResult[] {
  const terms = query
    .split(/\s+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 5);
  if (terms.length === 0) return [];

  const conditions = terms.map(() => '(a.title LIKE ? OR a.content LIKE ?)').join(' AND ');
  const params = terms.flatMap((t) => [`%${t}%`, `%${t}%`]);

  const rows = db
    .prepare(
      `SELECT a.id, a.title, a.slug, a.views, a.content, c.name AS category_name
       FROM kb_articles a LEFT JOIN categories c ON c.id = a.category_id
       WHERE a.organization_id = ? AND a.is_published = 1 AND ${conditions}
       ORDER BY a.views DESC LIMIT ?`
    )
    .all(organizationId, ...params, limit) as Array<ArticleSearchResult & { content: string }>;

  return rows.map(({ content, ...rest }) => ({ ...rest, excerpt: content.slice(0, 160) }));
}

export function suggestArticlesForTicket(ticketId: number): ArticleSearchResult[] {
  const ticket = db.prepare('SELECT organization_id, title, category_id FROM tickets WHERE id = ?').get(ticketId) as
    | { organization_id: number; title: string; category_id: number | null }
    | undefined;
  if (!ticket) return [];
  const byCategory = ticket.category_id
    ? (db
        .prepare(
          `SELECT a.id, a.title, a.slug, a.views, substr(a.content, 1, 160) AS excerpt, NULL AS category_name
           FROM kb_articles a WHERE a.category_id = ? AND a.is_published = 1 ORDER BY a.views DESC LIMIT 3`
        )
        .all(ticket.category_id) as ArticleSearchResult[])
    : [];
  return byCategory.length > 0 ? byCategory : searchArticles(ticket.organization_id, ticket.title.split(' ')[0] ?? '', 3);
}

export function popularArticles(organizationId: number, limit = 5) {
  return db
    .prepare('SELECT id, title, views FROM kb_articles WHERE organization_id = ? AND is_published = 1 ORDER BY views DESC LIMIT ?')
    .all(organizationId, limit) as any[];
}
