import type Database from 'better-sqlite3';
import { getDatabase } from '@/lib/db/connection';

export class Service {
  constructor(private db: Database.Database = getDatabase()) {}

  list() {
    return this.db.prepare('SELECT * FROM d').all();
  }
}
