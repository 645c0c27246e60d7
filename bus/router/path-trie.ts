import { FieldIndex } from './field-index.js';

/**
 * One step of the field paths the rules use. Walking an event follows only these steps,
 * so a subtree no rule mentions is never looked at.
 */
export class PathNode {
  readonly children = new Map<string, PathNode>();
  /** The same children as a prototype-free object: faster for the internalized keys of parsed events. */
  readonly childTable: Record<string, PathNode | undefined> = Object.create(null) as Record<
    string,
    PathNode | undefined
  >;
  /** The operators rules apply at exactly this path (null: only a step towards deeper paths). */
  field: FieldIndex | null = null;
  /** Event counter stamps: a leaf was seen here / a leaf was seen outside any array of objects. */
  seen = 0;
  seenPlain = 0;
  /** Bloom-style filter over child keys (length, first and last character): most event keys are rejected without a string. */
  readonly keyFilter = new Uint8Array(KEY_FILTER_SIZE);

  /** First characters (ASCII) of child keys; `anyFirst` when some child starts otherwise or is empty. */
  readonly firstChars = new Uint8Array(128);
  anyFirst = false;

  /** Could an event key starting with this character be a child, or a dotted path through one? */
  mayStartChild(first: number): boolean {
    return this.anyFirst || (first < 128 && this.firstChars[first] === 1);
  }

  /** Could an event key of this length, first and last character code be a child? */
  mayHaveChild(length: number, first: number, last: number): boolean {
    return this.keyFilter[keyHash(length, first, last)] === 1;
  }

  /** The node for a dotted path, created on the way. */
  ensure(path: string): PathNode {
    let node: PathNode = this;
    for (const step of path.split('.')) {
      let next = node.children.get(step);
      if (next === undefined) {
        next = new PathNode();
        node.children.set(step, next);
        node.childTable[step] = next;
        const first = step.charCodeAt(0);
        if (step === '' || first >= 128) node.anyFirst = true;
        else node.firstChars[first] = 1;
        node.keyFilter[keyHash(step.length, step.charCodeAt(0) | 0, step.charCodeAt(step.length - 1) | 0)] = 1;
      }
      node = next;
    }
    return node;
  }

  /** An event key with dots (`"a.b"`) names the same path as nested keys `a` → `b`. */
  resolveDotted(key: string): PathNode | undefined {
    let node: PathNode | undefined = this;
    for (const step of key.split('.')) {
      node = node.children.get(step);
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** The field index here, created on first use. */
  fieldIndex(): FieldIndex {
    if (this.field === null) this.field = new FieldIndex();
    return this.field;
  }
}

const KEY_FILTER_SIZE = 1024;

/** The filter slot of a key; NaN char codes of an empty key count as 0. */
export function keyHash(length: number, first: number, last: number): number {
  return (length * 97 + first * 31 + last) & (KEY_FILTER_SIZE - 1);
}
