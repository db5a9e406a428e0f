import './helpers/env'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, resetDatabase } from './helpers/reset'
import { createTestDatabase, countRows } from './helpers/sqlite-test-db'
import { loginAs, USERS } from './helpers/http'
import { executeQuery, executeQueryOne, executeRun, executeTransaction } from '../lib/db/adapter'
import { getAuditTrail, logAudit } from '../lib/audit/audit-log'

describe('database adapter and audit log', () => {
  before(async () => {
    await resetDatabase()
  })
  after(async () => {
    await closeDatabase()
  })

  it('reads the seed data through the adapter', async () => {
    const users = await executeQuery<{ email: string }>('SELECT email FROM users WHERE organization_id = ? ORDER BY id', [2])
    assert.deepEqual(users.map((u) => u.email), ['fay@contoso.test', 'gus@contoso.test'])
    const count = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM tickets')
    assert.equal(count?.n, 7)
    assert.equal(await executeQueryOne('SELECT id FROM users WHERE email = ?', ['nobody@example.test']), undefined)
  })

  it('returns inserted ids and changed row counts', async () => {
    const insert = await executeRun('INSERT INTO tags (name) VALUES (?) RETURNING id', ['adapter'])
    assert.equal(Number(insert.lastInsertRowid), 5)
    const update = await executeRun("UPDATE tickets SET status = 'closed' WHERE status = ?", ['resolved'])
    assert.equal(update.changes, 2)
  })

  it('commits transactions and rolls them back on error', async () => {
    await executeTransaction(async (tx) => {
      await tx.run('INSERT INTO tags (name) VALUES (?)', ['committed'])
    })
    await assert.rejects(
      executeTransaction(async (tx) => {
        await tx.run('INSERT INTO tags (name) VALUES (?)', ['rolled-back'])
        throw new Error('boom')
      }),
      /boom/
    )
    const names = (await executeQuery<{ name: string }>('SELECT name FROM tags ORDER BY id')).map((t) => t.name)
    assert.ok(names.includes('committed'))
    assert.ok(!names.includes('rolled-back'))
  })

  it('writes the audit trail on login', async () => {
    await loginAs(USERS.agent)
    await logAudit({ organizationId: 1, userId: 2, action: 'export', entityType: 'user', entityId: 2, details: { format: 'csv' } })
    const trail = await getAuditTrail('user', 2)
    assert.deepEqual(trail.map((e) => e.action), ['export', 'login'])
    assert.equal(JSON.parse(trail[0].details ?? '{}').format, 'csv')
  })

  it('builds an isolated in-memory SQLite database with every migration', async () => {
    const db = createTestDatabase()
    try {
      assert.equal(countRows(db, 'users'), 7)
      const columns = (db.prepare('PRAGMA table_info(tickets)').all() as { name: string }[]).map((c) => c.name)
      assert.ok(columns.includes('change_request_id'))
      assert.ok(columns.includes('first_response_at'))
      assert.equal(countRows(db, 'oncall_overrides'), 0)
    } finally {
      db.close()
    }
  })
})
