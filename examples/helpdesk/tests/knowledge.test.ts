import './helpers/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, resetDatabase } from './helpers/reset';
import { jsonRequest, loginAs, params, USERS } from './helpers/http';
import { GET as listArticles, POST as createArticle } from '../app/api/knowledge/route';
import { GET as getArticle, PUT as updateArticle } from '../app/api/knowledge/[id]/route';

type ArticleJson = { id: number; title: string; slug: string; views: number; is_published: number | boolean };

describe('knowledge base', () => {
  let agent: string;
  let user: string;

  before(async () => {
    await resetDatabase();
    agent = await loginAs(USERS.agent);
    user = await loginAs(USERS.user);
  });
  after(async () => {
    await closeDatabase();
  });

  it('lists published articles by popularity', async () => {
    const data = (await (await listArticles(jsonRequest('/api/knowledge', { token: user }))).json()) as { articles: ArticleJson[] };
    assert.deepEqual(data.articles.map((a) => a.id), [1, 2]);
    const drafts = (await (await listArticles(jsonRequest('/api/knowledge?drafts=true', { token: agent }))).json()) as { articles: ArticleJson[] };
    assert.equal(drafts.articles.length, 3);
  });

  it('creates an article and finds it by search', async () => {
    const res = await createArticle(
      jsonRequest('/api/knowledge', {
        method: 'POST',
        token: agent,
        body: { title: 'Connecting to the VPN', content: 'Use the Wireguard profile from the portal.', categoryId: 3, isPublished: true },
      })
    );
    assert.equal(res.status, 201);
    const { article } = (await res.json()) as { article: ArticleJson };
    assert.equal(article.id, 5);
    assert.equal(article.slug, 'connecting-to-the-vpn');
    assert.equal(article.views, 0);

    const search = (await (await listArticles(jsonRequest('/api/knowledge?q=wireguard', { token: user }))).json()) as {
      results: Array<{ id: number; excerpt: string }>;
    };
    assert.deepEqual(search.results.map((r) => r.id), [5]);
    assert.match(search.results[0].excerpt, /Wireguard/);

    const vpn = (await (await listArticles(jsonRequest('/api/knowledge?q=VPN', { token: user }))).json()) as { results: Array<{ id: number }> };
    assert.deepEqual(vpn.results.map((r) => r.id).sort(), [2, 5]);
  });

  it('counts views and hides drafts from end users', async () => {
    const first = (await (await getArticle(jsonRequest('/api/knowledge/1', { token: user }), params(1))).json()) as { article: ArticleJson; author: { id: number; name: string } | null };
    assert.equal(first.article.views, 43);
    assert.deepEqual(first.author, { id: 1, name: 'Alice Admin' });
    const draft = await getArticle(jsonRequest('/api/knowledge/3', { token: user }), params(3));
    assert.equal(draft.status, 404);

    const published = await updateArticle(jsonRequest('/api/knowledge/3', { method: 'PUT', token: agent, body: { isPublished: true } }), params(3));
    assert.equal(published.status, 200);
    assert.equal((await getArticle(jsonRequest('/api/knowledge/3', { token: user }), params(3))).status, 200);
  });

  it('only lets staff write', async () => {
    const res = await createArticle(jsonRequest('/api/knowledge', { method: 'POST', token: user, body: { title: 'x', content: 'y' } }));
    assert.equal(res.status, 403);
  });
});
