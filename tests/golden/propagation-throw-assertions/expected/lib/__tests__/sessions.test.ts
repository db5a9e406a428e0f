import { describe, expect, it, vi } from 'vitest'
import { closeSession, ensureSession, parseSessionId } from '@/lib/sessions'

vi.mock('@/lib/db/connection', () => {
  const rows = new Map([['sess-0001', { id: 'sess-0001', user_id: 1, closed_at: null }]])
  return {
    default: {
      prepare: () => ({ get: (id: string) => rows.get(id), run: () => ({ changes: 1 }) }),
    },
  }
})

describe('ensureSession', () => {
  it('throws for an unknown session', async () => {
    await expect(ensureSession('sess-9999')).rejects.toThrow('Session not found: sess-9999')
    await expect(ensureSession('nope')).rejects.toThrowError(/not found/)
  })

  it('returns an open session', async () => {
    expect(await ensureSession('sess-0001')).toMatchObject({ user_id: 1 })
  })

  it('rejects a malformed id before looking it up', () => {
    expect(() => parseSessionId('x')).toThrow(/Invalid session id/)
    expect(() => {
      const id = parseSessionId('sess-0001')
      ensureSession(id.toUpperCase())
    }).toThrow()
  })
})

describe('closeSession', () => {
  it('closes an open session', async () => {
    await expect(closeSession('sess-0001')).resolves.not.toThrow()
  })

  it('refuses an unknown session', async () => await expect(closeSession('sess-4242')).rejects.toThrow(/not found/))
})
