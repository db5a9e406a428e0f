import db from '@/lib/db/connection';
import { EventEmitter } from 'node:events';
import { executeRun } from '@/lib/db/adapter';

export class Cache {
  rows: unknown[];

  constructor() {
    this.rows = db.prepare('SELECT * FROM cache').all();
  }

  get size(): number {
    return (db.prepare('SELECT COUNT(*) AS n FROM cache').get() as { n: number }).n;
  }
}

export async function purge(): Promise<void> {
  await executeRun('DELETE FROM cache');
}

export function schedule(emitter: EventEmitter): void {
  setInterval(() => purge(), 60_000);
  emitter.on('flush', () => purge());
}
