import db from '@/lib/db'

export async function GET() {
  try {
    const row = db.prepare('SELECT COUNT(*) AS users FROM users').get() as any
    const journal = db.pragma('journal_mode', { simple: true })
    return Response.json({ status: 'ok', database: 'sqlite', journal, users: row.users })
  } catch (error) {
    return Response.json({ status: 'error', error: error instanceof Error ? error.message : String(error) }, { status: 503 })
  }
}
