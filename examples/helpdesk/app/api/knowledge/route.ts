import { verifyAuth } from '@/lib/auth/sqlite-auth';
import { knowledgeBase, type ArticleInput } from '@/lib/knowledge/kb-service';
import { searchArticles } from '@/lib/knowledge/search';
import { forbidden, jsonError, readJson, unauthorized } from '@/lib/utils/http';

export async function GET(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();

  const { searchParams } = new URL(request.url);
  const q = searchParams.get('q');
  if (q) {
    return Response.json({ results: searchArticles(user.organizationId, q) });
  }
  const includeDrafts = user.role !== 'user' && searchParams.get('drafts') === 'true';
  return Response.json({ articles: knowledgeBase.listArticles(user.organizationId, includeDrafts) });
}

export async function POST(request: Request) {
  const user = await verifyAuth(request);
  if (!user) return unauthorized();
  if (user.role === 'user') return forbidden();

  const body = await readJson<ArticleInput>(request);
  if (!body?.title || !body.content) return jsonError('title and content are required', 400);

  const article = knowledgeBase.createArticle(user.organizationId, user.userId, body);
  return Response.json({ article }, { status: 201 });
}
