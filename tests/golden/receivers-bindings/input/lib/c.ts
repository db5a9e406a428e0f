import { getDb } from '@/lib/db/connection';

export class Repo {
  private db = getDb();

  find(id: number) {
    return this.db.prepare('SELECT * FROM c WHERE id = ?').get(id);
  }
}
