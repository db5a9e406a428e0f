import { execFileSync } from 'child_process'
import { countActiveSessions } from './sessions'

export type RuntimeId = 'claude' | 'opencode'

export interface RuntimeStatus {
  id: RuntimeId
  installed: boolean
  version: string | null
  running: boolean
}

function versionOf(bin: string): string | null {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 2000 }).trim()
  } catch {
    return null
  }
}

function detectClaude(): RuntimeStatus {
  const version = versionOf('claude')
  return { id: 'claude', installed: version !== null, version, running: false }
}

function detectOpenCode(): RuntimeStatus {
  const version = versionOf('opencode')
  const running = version !== null && countActiveSessions('opencode') > 0
  return { id: 'opencode', installed: version !== null, version, running }
}

export function openCodeStatus(): RuntimeStatus {
  return detectOpenCode()
}

const DETECTORS: Record<RuntimeId, () => RuntimeStatus> = {
  claude: detectClaude,
  opencode: detectOpenCode,
}

export function detectRuntime(id: RuntimeId): RuntimeStatus {
  const detector = DETECTORS[id]
  return detector()
}

export function detectAllRuntimes(): RuntimeStatus[] {
  return Object.values(DETECTORS).map((fn) => fn())
}
