import { format } from './format';

export function latest(limit: number) {
  // loaded on first use: the connection opens the database file
  const { getDb } = require('../lib/db/connection');
  return getDb().prepare('SELECT * FROM tickets ORDER BY id DESC LIMIT ?').all(limit).map(format);
}
