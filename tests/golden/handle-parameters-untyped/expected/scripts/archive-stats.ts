import Database from 'better-sqlite3'
import { countRows } from '../lib/reports/counts'

const archive = new Database(process.argv[2] ?? 'archive.db', { readonly: true })
console.log(`archived tickets: ${countRows(archive, 'tickets')}`)
archive.close()
