import type { Leaf } from '../pattern/index.js';
import { JsonNumber } from '../pattern/json-number.js';
import type { PathNode } from './path-trie.js';
import type { MatchState } from './state.js';

/**
 * Feeds a parsed event through the path trie: only keys some rule uses are followed; every
 * leaf at a used path goes to that path's field index once.
 */
export function walkObject(obj: object, node: PathNode, inArray: boolean, state: MatchState): void {
  const record = obj as Record<string, unknown>;
  const table = node.childTable;
  for (const key in record) {
    if (!node.mayStartChild(key.charCodeAt(0))) continue;
    let child = table[key];
    if (child === undefined) {
      if (key.indexOf('.') === -1) continue;
      child = node.resolveDotted(key);
      if (child === undefined) continue;
    }
    walkValue(record[key], child, inArray, state);
  }
}

function walkValue(value: unknown, node: PathNode, inArray: boolean, state: MatchState): void {
  if (value === null || typeof value !== 'object' || value instanceof JsonNumber) {
    if (value !== undefined) leaf(node, value as Leaf, inArray, state);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element !== null && typeof element === 'object' && !(element instanceof JsonNumber))
        walkValue(element, node, true, state);
      else if (element !== undefined) leaf(node, element as Leaf, inArray, state);
    }
  } else if (node.children.size > 0) walkObject(value, node, inArray, state);
}

/** One event value at a used path. */
export function leaf(node: PathNode, value: Leaf, inArray: boolean, state: MatchState): void {
  const field = node.field;
  if (field === null) return;
  node.seen = state.epoch;
  if (!inArray) node.seenPlain = state.epoch;
  field.test(value, inArray, state);
}
