import type { Issue } from '../../bus/errors.js';

/**
 * Sorts issues the way a reader meets them in the file: by where their path appears in
 * `raw` (object key order is file order). A missing key sorts after everything else in
 * the mapping that lacks it, before that mapping's next sibling. Ties keep their order.
 */
export function sortByAppearance<T extends Issue>(issues: readonly T[], raw: unknown): T[] {
  const spans = new Map<string, { start: number; end: number }>();
  let counter = 0;
  const visit = (value: unknown, path: (string | number)[]): void => {
    const start = counter++;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
    spans.set(keyOf(path), { start, end: counter - 1 });
  };
  visit(raw, []);

  const position = (path: readonly (string | number)[]): [number, number] => {
    const exact = spans.get(keyOf(path));
    if (exact !== undefined) return [exact.start, 0];
    for (let length = path.length - 1; length >= 0; length--) {
      const parent = spans.get(keyOf(path.slice(0, length)));
      if (parent !== undefined) return [parent.end, 1];
    }
    return [Number.MAX_SAFE_INTEGER, 1];
  };
  return issues
    .map((issue, index) => ({ issue, index, at: position(issue.path) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.index - b.index)
    .map(({ issue }) => issue);
}

function keyOf(path: readonly (string | number)[]): string {
  return JSON.stringify(path.map(String));
}
