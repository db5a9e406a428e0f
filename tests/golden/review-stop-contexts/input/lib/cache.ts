import db from '@/lib/db/connection';
import { EventEmitter } from 'node:events';

export class Cache {
  rows: unknown[];

  constructor() {
    this.rows = db.prepare('SELECT * FROM cache').all();
  }

  get size(): number {
    return (db.prepare('SELECT COUNT(*) AS n FROM cache').get() as { n: number }).n;
  }
}

export function purge(): void {
  db.prepare('DELETE FROM cache').run();
}

export function schedule(emitter: EventEmitter): void {
  setInterval(() => purge(), 60_000);
  emitter.on('flush', () => purge());
}
