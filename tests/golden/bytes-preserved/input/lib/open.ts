// Übersicht: Tickets – «offen»
import db from '@/lib/db/connection';

export function open(): unknown[] {
	return db.prepare('SELECT * FROM tickets WHERE status = ?').all('offen'); // 状態
}
