import type { Leaf } from './conditions.js';
import { JsonNumber } from './json-number.js';

/** Which element of which array of objects a value came from: `[arrayId, index, arrayId, index, …]`. */
export type Membership = readonly number[];

/** One leaf of a flattened event. */
export interface FlatValue {
  value: Leaf;
  membership: Membership;
}

/** An event flattened to dotted paths (`{"a":{"b":1}}` and `{"a.b":1}` both give `a.b`). */
export type FlatEvent = Map<string, FlatValue[]>;

/**
 * Flattens a parsed event the way event-ruler's Event.java does: objects add a path step,
 * arrays repeat their path for every element, and each value remembers the elements of
 * arrays of objects it sits in, so that one branch cannot take fields from two elements.
 * `only`, when given, limits the walk to paths some pattern uses (and their prefixes).
 */
export function flattenEvent(event: unknown, only?: ReadonlySet<string>): FlatEvent {
  const out: FlatEvent = new Map();
  let nextArray = 0;
  const visit = (node: unknown, path: string, membership: number[]): void => {
    if (Array.isArray(node)) {
      const id = nextArray++;
      node.forEach((element, index) => {
        if (element !== null && typeof element === 'object' && !(element instanceof JsonNumber))
          visit(element, path, [...membership, id, index]);
        else add(path, element as Leaf, membership);
      });
      return;
    }
    if (node !== null && typeof node === 'object' && !(node instanceof JsonNumber)) {
      for (const [key, value] of Object.entries(node)) {
        const next = path === '' ? key : `${path}.${key}`;
        if (only !== undefined && !only.has(next)) continue;
        visit(value, next, membership);
      }
      return;
    }
    add(path, node as Leaf, membership);
  };
  const add = (path: string, value: Leaf, membership: number[]): void => {
    if (path === '') return;
    const list = out.get(path);
    if (list === undefined) out.set(path, [{ value, membership }]);
    else list.push({ value, membership });
  };
  visit(event, '', []);
  return out;
}

/** Every path and path prefix a set of dotted paths needs (`a.b.c` → `a`, `a.b`, `a.b.c`). */
export function pathPrefixes(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    let at = path.indexOf('.');
    while (at !== -1) {
      out.add(path.slice(0, at));
      at = path.indexOf('.', at + 1);
    }
    out.add(path);
  }
  return out;
}

/** Two memberships agree when every array they share is at the same element. */
export function consistent(a: Membership, b: Membership): boolean {
  for (let i = 0; i < a.length; i += 2) {
    for (let j = 0; j < b.length; j += 2) if (a[i] === b[j] && a[i + 1] !== b[j + 1]) return false;
  }
  return true;
}
