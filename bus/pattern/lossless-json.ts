import { randomUUID } from 'node:crypto';
import { JsonNumber, readJsonNumber } from './json-number.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * JSON.parse, except that a number not written as JavaScript writes its double (`3.0e2`, `1e400`,
 * `9007199254740993`) becomes a JsonNumber keeping its text. Text without such numbers (nearly
 * all) costs one extra scan; with them, each is swapped for an unguessable placeholder string
 * before JSON.parse and swapped back by a reviver, so everything else (duplicate keys: the last
 * wins; errors) is JSON.parse's own.
 * @example parseJsonLossless('{"a":1e400}') // {a: JsonNumber('1e400')}
 */
export function parseJsonLossless(text: string): unknown {
  const kept = keptNumbers(text, false);
  if (kept.length === 0) return JSON.parse(text);
  const tag = `\u0000${randomUUID()}:`;
  const parts: string[] = [];
  let copied = 0;
  for (const [i, { start, end }] of kept.entries()) {
    parts.push(text.slice(copied, start), JSON.stringify(tag + i));
    copied = end;
  }
  parts.push(text.slice(copied));
  return JSON.parse(parts.join(''), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(tag) ? kept[Number(value.slice(tag.length))]!.number : value,
  );
}

/**
 * Whether JSON.parse would change the meaning or the spelling of some number in the text (so
 * parseJsonLossless is needed to see it as written). One pass, no allocation for plain numbers.
 * @example keepsNumbers('{"a":1,"b":[2.5]}') // false; keepsNumbers('{"a":1e400}') // true
 */
export function keepsNumbers(text: string): boolean {
  return keptNumbers(text, true).length > 0;
}

interface Kept {
  start: number;
  end: number;
  number: JsonNumber;
}

/** The numbers (outside strings) that need a JsonNumber, in text order; with `first`, at most one. */
function keptNumbers(text: string, first: boolean): Kept[] {
  const kept: Kept[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i + 1);
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && isNumberChar(text.charCodeAt(end))) end++;
    if (end - i > 15 || !isPlainInteger(text, i, end)) {
      const token = text.slice(i, end);
      if (NUMBER.test(token)) {
        const number = readJsonNumber(token);
        if (number instanceof JsonNumber) {
          kept.push({ start: i, end, number });
          if (first) return kept;
        }
      }
    }
    i = end;
  }
  return kept;
}

/** Digits only after an optional minus, and not `-0` or a leading zero: written back as is. */
function isPlainInteger(text: string, start: number, end: number): boolean {
  let i = text.charCodeAt(start) === 45 ? start + 1 : start;
  if (i === end || (text.charCodeAt(i) === 48 && end - i > 1) || (i > start && text.charCodeAt(i) === 48)) return false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/** Index after the closing quote of a string whose content starts at `from` (or the text's end). */
function stringEnd(text: string, from: number): number {
  let q = from;
  for (;;) {
    const end = text.indexOf('"', q);
    if (end === -1) return text.length;
    let b = end - 1;
    while (text.charCodeAt(b) === 92) b--;
    if (((end - 1 - b) & 1) === 0) return end + 1;
    q = end + 1;
  }
}
