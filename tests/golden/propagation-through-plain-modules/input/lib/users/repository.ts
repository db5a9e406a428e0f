import { getDb } from '@/lib/db/connection'
export class UserRepository {
  private db = getDb()
  find(id: number) {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id)
  }
}
