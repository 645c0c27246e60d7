import { LAZY_MEMBER, unreadCompactJson } from '../../bus/task/lazy-value.js';
import type { PathKey } from './path.js';

/** Reads the value a definite path selects from an event; `undefined` when nothing is selected. */
export type Accessor = (event: unknown) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

/** One step into an object's own member: never into a prototype, a string's length or an array. */
function member(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  return hasOwn.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

/** One step into an array's element. */
function element(node: unknown, index: number): unknown {
  return Array.isArray(node) && index < node.length ? node[index] : undefined;
}

function stepper(key: PathKey): Accessor {
  return typeof key === 'number' ? (node) => element(node, key) : (node) => member(node, key);
}

/**
 * Compiles parsed path steps once into a reader, so no event pays for parsing the path.
 * Short paths (the common case) get straight-line closures.
 *
 * @example compileAccessor(['data', 'key'])({ data: { key: 'k' } }) // 'k'
 */
export function compileAccessor(keys: readonly PathKey[]): Accessor {
  if (keys.length === 0) return (event) => event;
  if (keys.every((k) => typeof k === 'string')) {
    const [s, t, u, v] = keys as [string, string, string, string];
    if (keys.length === 1) return (event) => member(event, s);
    if (keys.length === 2) {
      return (event) => {
        const x = member(event, s);
        return x === undefined ? x : member(x, t);
      };
    }
    if (keys.length === 3) {
      return (event) => {
        let x = member(event, s);
        if (x === undefined) return x;
        x = member(x, t);
        return x === undefined ? x : member(x, u);
      };
    }
    if (keys.length === 4) {
      return (event) => {
        let x = member(event, s);
        if (x === undefined) return x;
        x = member(x, t);
        if (x === undefined) return x;
        x = member(x, u);
        return x === undefined ? x : member(x, v);
      };
    }
  }
  const steps = keys.map(stepper);
  return (event) => {
    let x = event;
    for (let i = 0; i < steps.length && x !== undefined; i++) x = steps[i]!(x);
    return x;
  };
}

/**
 * For a path that ends at a member the runtime may still hold as unread compact JSON text (a Kafka
 * event's `data.value`): a reader of that text, `undefined` once the member was read or when the
 * text is not compact JSON. No reader for a path that ends anywhere else.
 *
 * @example compileUnreadJson(['data', 'value'])?.(kafkaEvent) // '{"orderId":…}', value still unparsed
 */
export function compileUnreadJson(keys: readonly PathKey[]): ((event: unknown) => string | undefined) | undefined {
  if (keys.length === 0 || keys[keys.length - 1] !== LAZY_MEMBER) return undefined;
  const holder = compileAccessor(keys.slice(0, -1));
  return (event) => unreadCompactJson(holder(event));
}

/**
 * Reads a path and renders what it selects as text, with `render` (the form's output rule). An
 * unread compact JSON member (compileUnreadJson) is its own rendering: no parse, no serialising.
 *
 * @example compileRendered(['data', 'value'], (v) => asOutput(v, '$.data.value'))(event) // '{"orderId":…}'
 */
export function compileRendered(
  keys: readonly PathKey[],
  render: (selected: unknown) => string,
): (event: unknown) => string {
  const read = compileAccessor(keys);
  const unread = compileUnreadJson(keys);
  if (unread === undefined) return (event) => render(read(event));
  return (event) => unread(event) ?? render(read(event));
}
