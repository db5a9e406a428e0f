import { executeQueryOne } from '@/lib/db/adapter';

export class Repo {
  async find(id: number) {
    return await executeQueryOne('SELECT * FROM c WHERE id = ?', [id]);
  }
}
