// Übersicht: Tickets – «offen»
import { executeQuery } from '@/lib/db/adapter';

export async function open(): Promise<unknown[]> {
	return await executeQuery('SELECT * FROM tickets WHERE status = ?', ['offen']); // 状態
}
