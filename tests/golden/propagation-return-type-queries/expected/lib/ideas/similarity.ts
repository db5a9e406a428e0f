import { executeQueryOne } from '@/lib/db/adapter';

export interface SimilarityCheckResult {
  similar: boolean;
  closest: string | null;
}

export async function checkSimilarity(productId: string, title: string): Promise<SimilarityCheckResult> {
  const row = await executeQueryOne<{ title: string }>('SELECT title FROM ideas WHERE product_id = ? AND lower(title) = lower(?) LIMIT 1', [productId, title]);
  return { similar: row !== undefined, closest: row?.title ?? null };
}

export async function batchCheckSimilarity(productId: string, titles: string[]) {
  const out = [];
  for (const [index, title] of titles.entries()) {
    out.push({ index, result: await checkSimilarity(productId, title) });
  }
  return out;
}

export type SimilarityCheck = Awaited<ReturnType<typeof checkSimilarity>>;
