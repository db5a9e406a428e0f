import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { connection } from '@/lib/db';
import { knowledgeBase, type ArticleInput } from '@/lib/knowledge/kb-service';
import { forbidden, jsonError, notFound, parseId, readJson, unauthorized } from '@/lib/utils/http';

type Params = { params: { id: string } };

export async function GET(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid article id', 400);

  const article = knowledgeBase.getArticle(id, user.organizationId);
  if (!article || (!article.is_published && user.role === 'user')) return notFound('Article');

  const views = knowledgeBase.recordView(id);
  const author = connection().prepare('SELECT id, name FROM users WHERE id = ?').get(article.author_id) as { id: number; name: string } | undefined;
  return Response.json({ article: { ...article, views }, author: author ?? null });
}

export async function PUT(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid article id', 400);

  const body = await readJson<Partial<ArticleInput>>(request);
  if (!body) return jsonError('Invalid JSON body', 400);

  const article = knowledgeBase.updateArticle(id, user.organizationId, body);
  return article ? Response.json({ article }) : notFound('Article');
}

export async function DELETE(request: Request, { params }: Params) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role !== 'admin') return forbidden();
  const id = parseId(params.id);
  if (!id) return jsonError('Invalid article id', 400);

  return knowledgeBase.deleteArticle(id, user.organizationId) ? new Response(null, { status: 204 }) : notFound('Article');
}
