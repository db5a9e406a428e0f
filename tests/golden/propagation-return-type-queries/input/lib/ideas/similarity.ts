import db from '@/lib/db/connection';

export interface SimilarityCheckResult {
  similar: boolean;
  closest: string | null;
}

export function checkSimilarity(productId: string, title: string): SimilarityCheckResult {
  const row = db
    .prepare('SELECT title FROM ideas WHERE product_id = ? AND lower(title) = lower(?) LIMIT 1')
    .get(productId, title) as { title: string } | undefined;
  return { similar: row !== undefined, closest: row?.title ?? null };
}

export function batchCheckSimilarity(productId: string, titles: string[]) {
  const out = [];
  for (const [index, title] of titles.entries()) {
    out.push({ index, result: checkSimilarity(productId, title) });
  }
  return out;
}

export type SimilarityCheck = ReturnType<typeof checkSimilarity>;
