import { batchCheckSimilarity, checkSimilarity } from './similarity';

type Candidate = { title: string; index: number };

export async function dedupe(productId: string, candidates: Candidate[]): Promise<Candidate[]> {
  let results: Map<number, Awaited<ReturnType<typeof batchCheckSimilarity>>[number]['result']>;
  const checks = await batchCheckSimilarity(productId, candidates.map((c) => c.title));
  results = new Map(checks.map((c) => [c.index, c.result]));
  return candidates.filter((c) => !results.get(c.index)?.similar);
}

export async function firstCheck(productId: string, title: string): Promise<Awaited<ReturnType<typeof checkSimilarity>> | null> {
  return title ? checkSimilarity(productId, title) : null;
}
