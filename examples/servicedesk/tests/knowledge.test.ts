import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { body, ctx, loginAs, request, USERS } from './helpers/http'
import { GET as searchArticles, POST as createArticle } from '../app/api/knowledge/route'
import { GET as viewArticle, POST as publishArticle } from '../app/api/knowledge/[id]/route'
import { GET as articleFeedback, POST as giveFeedback } from '../app/api/knowledge/[id]/feedback/route'
import { knowledgeService } from '../lib/knowledge/article-service'

type Found = { articles: Array<{ id: number; title: string; tags: string[]; status: string; view_count: number }>; count: number }

describe('knowledge base', () => {
  let admin: string
  let agent: string
  let user: string

  before(async () => {
    await resetDatabase()
    admin = await loginAs(USERS.admin)
    agent = await loginAs(USERS.agent)
    user = await loginAs(USERS.user)
  })
  after(async () => {
    await closeDatabase()
  })

  it('finds published articles whatever the case of the search words', async () => {
    const data = await body<Found>(await searchArticles(request('/api/knowledge?q=vpn', { token: user })))
    assert.deepEqual(data.articles.map((a) => a.id), [1])
    assert.deepEqual(data.articles[0].tags, ['network', 'vpn'])
    const upper = await body<Found>(await searchArticles(request('/api/knowledge?q=PRINTER', { token: user })))
    assert.deepEqual(upper.articles.map((a) => a.id), [3])
  })

  it('lists the most viewed first and filters by tag', async () => {
    const all = await body<Found>(await searchArticles(request('/api/knowledge', { token: user })))
    assert.deepEqual(all.articles.map((a) => a.id), [1, 2, 3])
    const tagged = await body<Found>(await searchArticles(request('/api/knowledge?tag=hardware', { token: user })))
    assert.deepEqual(tagged.articles.map((a) => a.id), [3])
  })

  it('shows drafts to staff who ask for them', async () => {
    const staff = await body<Found>(await searchArticles(request('/api/knowledge?drafts=1', { token: agent })))
    assert.equal(staff.count, 4)
    const requester = await body<Found>(await searchArticles(request('/api/knowledge?drafts=1', { token: user })))
    assert.equal(requester.count, 3)
  })

  it('counts views of published articles', async () => {
    const first = await body(await viewArticle(request('/api/knowledge/1', { token: user }), ctx(1)))
    assert.equal(first.article.view_count, 43)
    const second = await body(await viewArticle(request('/api/knowledge/1', { token: user }), ctx(1)))
    assert.equal(second.article.view_count, 44)
    assert.equal((await viewArticle(request('/api/knowledge/4', { token: user }), ctx(4))).status, 404)
    const other = await loginAs(USERS.otherUser)
    assert.equal((await viewArticle(request('/api/knowledge/1', { token: other }), ctx(1))).status, 404)
  })

  it('lets agents write drafts and admins publish them', async () => {
    const res = await createArticle(
      request('/api/knowledge', {
        method: 'POST',
        token: agent,
        body: { title: 'Connecting to office Wi-Fi', body: 'Pick the Northwind network and sign in with SSO.', tags: ['WiFi', 'network'] },
      })
    )
    assert.equal(res.status, 201)
    const { article } = await body(res)
    assert.equal(article.status, 'draft')
    assert.deepEqual(article.tags, ['network', 'wifi'])
    assert.equal(article.author_name, 'Ben Agent')

    const denied = await createArticle(request('/api/knowledge', { method: 'POST', token: agent, body: { title: 'Published by agent', body: 'x', publish: true } }))
    assert.equal(denied.status, 403)
    assert.equal((await createArticle(request('/api/knowledge', { method: 'POST', token: user, body: { title: 'By user', body: 'x' } }))).status, 403)

    assert.equal((await publishArticle(request(`/api/knowledge/${article.id}`, { method: 'POST', token: agent }), ctx(article.id))).status, 403)
    const published = await publishArticle(request(`/api/knowledge/${article.id}`, { method: 'POST', token: admin }), ctx(article.id))
    assert.equal(published.status, 200)
    assert.equal((await body(published)).article.status, 'published')

    const found = await body<Found>(await searchArticles(request('/api/knowledge?q=wi-fi', { token: user })))
    assert.deepEqual(found.articles.map((a) => a.title), ['Connecting to office Wi-Fi'])
  })

  it('suggests articles for a ticket title', async () => {
    const suggestions = await knowledgeService.suggestForTicket(1, 'Printer keeps jamming')
    assert.deepEqual(suggestions.map((a) => a.id), [3])
  })

  it('collects feedback on an article and shows it to staff', async () => {
    const first = await giveFeedback(request('/api/knowledge/1/feedback', { method: 'POST', token: user, body: { helpful: true, comment: 'Fixed my VPN' } }), ctx(1))
    assert.equal(first.status, 200)
    await giveFeedback(request('/api/knowledge/1/feedback', { method: 'POST', token: agent, body: { helpful: false } }), ctx(1))
    const data = await body<{ feedback: Array<{ helpful: boolean; comment: string | null; author: string }> }>(
      await articleFeedback(request('/api/knowledge/1/feedback', { token: admin }), ctx(1))
    )
    assert.deepEqual(
      data.feedback.map((f) => [f.author, f.helpful, f.comment]).sort(),
      [
        ['Ben Agent', false, null],
        ['Dan User', true, 'Fixed my VPN'],
      ]
    )
    assert.equal((await articleFeedback(request('/api/knowledge/1/feedback', { token: user }), ctx(1))).status, 403)
    assert.equal((await articleFeedback(request('/api/knowledge/99/feedback', { token: admin }), ctx(99))).status, 404)
  })
})
