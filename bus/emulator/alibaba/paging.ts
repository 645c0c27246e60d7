import { AlibabaError } from './errors.js';
import type { Params } from './params.js';

/** Pages of a list: Limit (1 to 100, default 100) entries from NextToken (an index a page gave). */
export function page<T>(p: Params, all: T[]): { items: T[]; next?: string } {
  const limit = p.int('Limit') ?? 100;
  if (limit < 1 || limit > 100)
    throw new AlibabaError(
      'LimitSizeInvalid',
      'The limit size of page is invalid, which must greater than 0 and less than [100].',
    );
  const token = p.string('NextToken') ?? '0';
  const start = /^\d+$/.test(token) ? Number(token) : Number.NaN;
  if (Number.isNaN(start) || start > all.length)
    throw new AlibabaError(
      'NextTokenInvalid',
      `The next token of page is invalid. which should be a token a previous page returned (got "${token}").`,
    );
  const items = all.slice(start, start + limit);
  return start + items.length < all.length ? { items, next: String(start + items.length) } : { items };
}
