import { AwsError } from './errors.js';
import type { Input } from './input.js';
import { LIMIT } from './names.js';

/** What a List call asks for: at most `limit` items, from where `token` left off. */
export interface PageRequest {
  limit: number | undefined;
  token: string | undefined;
}

/** Reads `Limit` (1–100) and `NextToken` of a List call. */
export function readPage(input: Input): PageRequest {
  return { limit: input.integer('Limit', LIMIT), token: input.string('NextToken') };
}

/**
 * One page of a List operation, with a `NextToken` when more remain. The token is opaque to
 * callers (the next index, base64); one that is not ours is a ValidationException.
 */
export function page<T>(items: readonly T[], request: PageRequest): { items: T[]; nextToken?: string } {
  let start = 0;
  if (request.token !== undefined) {
    start = Number(Buffer.from(request.token, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0)
      throw new AwsError('ValidationException', 'The nextToken provided is invalid.');
  }
  const end = request.limit === undefined ? items.length : start + request.limit;
  const next = end < items.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined;
  return { items: items.slice(start, end), ...(next === undefined ? {} : { nextToken: next }) };
}
