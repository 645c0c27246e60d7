import type { Leaf } from '../pattern/index.js';
import { readJsonNumber } from '../pattern/json-number.js';
import type { PathNode } from './path-trie.js';
import type { MatchState } from './state.js';
import { leaf } from './walk-object.js';

// Matches straight from JSON text: a single pass that decodes only the values at paths some
// rule uses and skips everything else (strings by indexOf, containers by bracket depth).
// The text must be valid JSON (events are checked where they enter conflux); a value is read
// exactly as JSON.parse would read it. Duplicate keys are all seen, as event-ruler sees them.

let s = '';
let p = 0;
let state: MatchState;

/** Walks one event text through the trie, feeding `st`; returns false if the text is not a JSON object. */
export function scanText(text: string, root: PathNode, st: MatchState): boolean {
  s = text;
  p = 0;
  state = st;
  if (ws() !== 123) return false;
  scanObject(root, false);
  return true;
}

function ws(): number {
  let c = s.charCodeAt(p);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
  return c;
}

/** p at the opening quote → p after the closing quote. */
function skipString(): void {
  let q = p + 1;
  for (;;) {
    const end = s.indexOf('"', q);
    if (end === -1) throw new SyntaxError('unterminated string in event');
    let b = end - 1;
    while (s.charCodeAt(b) === 92) b--;
    if (((end - 1 - b) & 1) === 0) {
      p = end + 1;
      return;
    }
    q = end + 1;
  }
}

function readString(): string {
  const start = p;
  skipString();
  const raw = s.slice(start + 1, p - 1);
  return raw.indexOf('\\') === -1 ? raw : (JSON.parse(s.slice(start, p)) as string);
}

function skipValue(): void {
  const c = ws();
  if (c === 34) {
    skipString();
    return;
  }
  if (c === 123 || c === 91) {
    let depth = 0;
    for (;;) {
      const d = s.charCodeAt(p);
      if (d === 34) {
        skipString();
        continue;
      }
      p++;
      if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return;
      else if (Number.isNaN(d)) throw new SyntaxError('unterminated container in event');
    }
  }
  scalarEnd();
}

function scalarEnd(): number {
  const start = p;
  let c = s.charCodeAt(p);
  while (c !== 44 && c !== 125 && c !== 93 && c !== 32 && c !== 10 && c !== 13 && c !== 9 && !Number.isNaN(c)) {
    c = s.charCodeAt(++p);
  }
  return start;
}

function scanObject(node: PathNode, inArray: boolean): void {
  p++;
  let c = ws();
  if (c === 125) {
    p++;
    return;
  }
  const children = node.children;
  for (;;) {
    // Read the key in one pass, noting escapes and dots; build a string only when the
    // node's key filter says it may be a child (or a dotted key may lead to one).
    const start = p + 1;
    let q = start;
    let escaped = false;
    let dotted = false;
    for (let k = s.charCodeAt(q); k !== 34; k = s.charCodeAt(q)) {
      if (k === 92) {
        escaped = true;
        q += 2;
        continue;
      }
      if (k === 46) dotted = true;
      else if (Number.isNaN(k)) throw new SyntaxError('unterminated key in event');
      q++;
    }
    p = q + 1;
    let child: PathNode | undefined;
    if (escaped) {
      const key = JSON.parse(s.slice(start - 1, p)) as string;
      child = children.get(key) ?? (key.indexOf('.') === -1 ? undefined : node.resolveDotted(key));
    } else if (node.mayHaveChild(q - start, s.charCodeAt(start) | 0, s.charCodeAt(q - 1) | 0)) {
      const key = s.slice(start, q);
      child = children.get(key) ?? (dotted ? node.resolveDotted(key) : undefined);
    } else if (dotted) child = node.resolveDotted(s.slice(start, q));
    ws();
    p++; // ':'
    if (child === undefined) skipValue();
    else scanValue(child, inArray);
    c = ws();
    p++;
    if (c !== 44) return; // '}'
    ws();
  }
}

function scanArray(node: PathNode, inArray: boolean): void {
  p++;
  let c = ws();
  if (c === 93) {
    p++;
    return;
  }
  for (;;) {
    if (c === 123 || c === 91) scanValue(node, true);
    else scanValue(node, inArray);
    c = ws();
    p++;
    if (c !== 44) return; // ']'
    c = ws();
  }
}

function scanValue(node: PathNode, inArray: boolean): void {
  const c = ws();
  if (c === 123) {
    if (node.children.size > 0) scanObject(node, inArray);
    else skipValue();
    return;
  }
  if (c === 91) {
    scanArray(node, inArray);
    return;
  }
  if (node.field === null) {
    skipValue();
    return;
  }
  let value: Leaf;
  if (c === 34) value = readString();
  else {
    const start = scalarEnd();
    if (c === 116) value = true;
    else if (c === 102) value = false;
    else if (c === 110) value = null;
    else value = readJsonNumber(s.slice(start, p));
  }
  leaf(node, value, inArray, state);
}
