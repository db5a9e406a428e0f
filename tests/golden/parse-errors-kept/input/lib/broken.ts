import db from '@/lib/db/connection';

export function count(): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
}

export function broken( {
  return 1 +;
}
