export interface Pagination {
  limit: number;
  offset: number;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export function parsePagination(params: URLSearchParams): Pagination {
  const rawLimit = Number(params.get('limit') ?? DEFAULT_LIMIT);
  const rawOffset = Number(params.get('offset') ?? 0);
  const limit = Number.isFinite(rawLimit) && rawLimit > 0 ? Math.min(Math.floor(rawLimit), MAX_LIMIT) : DEFAULT_LIMIT;
  const offset = Number.isFinite(rawOffset) && rawOffset > 0 ? Math.floor(rawOffset) : 0;
  return { limit, offset };
}

export function pageInfo(total: number, { limit, offset }: Pagination) {
  return { total, limit, offset, hasMore: offset + limit < total };
}
