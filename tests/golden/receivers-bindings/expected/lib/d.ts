import { executeQuery } from '@/lib/db/adapter';

export class Service {
  constructor() {}

  async list() {
    return await executeQuery('SELECT * FROM d');
  }
}
