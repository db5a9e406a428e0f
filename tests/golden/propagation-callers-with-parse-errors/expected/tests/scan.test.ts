import { writeFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'

// Valid TypeScript that tree-sitter-typescript misreads: a `typeof import()` type argument
// in a call. Error recovery then wraps the whole program in one ERROR node.
const { configPath } = vi.hoisted(() => {
  const path = require('node:path') as typeof import('node:path')
  return { configPath: path.join('/tmp', 'scan.json') }
})

vi.mock('../lib/config', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/config')>()
  return {
    ...actual,
    config: { ...actual.config, path: configPath },
  }
})

import { runScan } from '../lib/scan'

function writeConfig(value: unknown) {
  writeFileSync(configPath, JSON.stringify(value), 'utf-8')
}

async function total() {
  const result = await runScan()
  return result.categories.total
}

describe('scan', () => {
  it('counts with an empty config', async () => {
    writeConfig({})
    expect(await total()).toBe(0)
  })

  it('counts with a token', async () => {
    writeConfig({
      auth: { mode: 'token', token: 'x' },
    })
    expect(await total()).toBe(0)
  })
})
