import { executeQueryOne } from '@/lib/db/adapter'
export class UserRepository {
  async find(id: number) {
    return await executeQueryOne('SELECT * FROM users WHERE id = ?', [id])
  }
}
