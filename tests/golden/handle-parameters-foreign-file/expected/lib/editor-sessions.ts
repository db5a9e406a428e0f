import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { executeQueryOne } from '@/lib/db/adapter'

export interface EditorSession {
  id: string
  project: string
  updatedAt: number
}

function openDatabase(path: string): Database.Database | null {
  if (!existsSync(path)) return null
  try {
    return new Database(path, { readonly: true, fileMustExist: true })
  } catch {
    return null
  }
}

function tableExists(db: Database.Database, name: string): boolean {
  const row = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(name)
  return row != null
}

const columnsOf = (db: Database.Database, table: string): Set<string> => {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>
  return new Set(rows.map((r) => r.name))
}

export function scanEditorSessions(limit = 50): EditorSession[] {
  const sessions: EditorSession[] = []
  for (const path of [join(homedir(), '.editor', 'state.db')]) {
    const editorDb = openDatabase(path)
    if (!editorDb) continue
    try {
      if (!tableExists(editorDb, 'session')) continue
      const order = columnsOf(editorDb, 'session').has('time_updated') ? 'time_updated' : 'rowid'
      const rows = editorDb
        .prepare(`SELECT id, project, ${order} AS updatedAt FROM session ORDER BY ${order} DESC LIMIT ?`)
        .all(limit) as EditorSession[]
      sessions.push(...rows)
    } finally {
      editorDb.close()
    }
  }
  return sessions
}

export async function lastImport(): Promise<number | null> {
  const row = await executeQueryOne<{ at: number | null }>('SELECT MAX(imported_at) AS at FROM editor_imports') as { at: number | null }
  return row.at
}
