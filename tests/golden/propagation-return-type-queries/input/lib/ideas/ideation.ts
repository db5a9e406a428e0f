import { batchCheckSimilarity, checkSimilarity } from './similarity';

type Candidate = { title: string; index: number };

export function dedupe(productId: string, candidates: Candidate[]): Candidate[] {
  let results: Map<number, ReturnType<typeof batchCheckSimilarity>[number]['result']>;
  const checks = batchCheckSimilarity(productId, candidates.map((c) => c.title));
  results = new Map(checks.map((c) => [c.index, c.result]));
  return candidates.filter((c) => !results.get(c.index)?.similar);
}

export function firstCheck(productId: string, title: string): Awaited<ReturnType<typeof checkSimilarity>> | null {
  return title ? checkSimilarity(productId, title) : null;
}
