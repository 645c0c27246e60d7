// A small, obviously-correct evaluator, written straight from the semantics (README of
// ../shared/bench and DESIGN.md "Event patterns"), for the property tests. It walks the
// pattern and the event together — slow, and fine for events without arrays of objects.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Does `event` match `pattern`? (No arrays of objects in the event; no IP literals.) */
export function referenceMatches(pattern: Record<string, Json>, event: Json | undefined): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as Record<string, Json>[]).some((branch) => referenceMatches(branch, event));
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(sub)) return sub.some((alt) => alternative(alt, leaves(value)));
    return referenceMatches(sub as Record<string, Json>, value);
  });
}

/** The scalar values at a field: one, every scalar of an array (nested too), none for objects. */
function leaves(value: Json | undefined): (string | number | boolean | null)[] {
  if (value === undefined || isObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v));
  return [value];
}

function alternative(alt: Json, values: (string | number | boolean | null)[]): boolean {
  if (!isObject(alt)) return values.some((v) => v === alt);
  const [op, arg] = Object.entries(alt)[0]!;
  if (op === 'exists') return arg ? values.length > 0 : values.length === 0;
  return values.some((v) => test(op, arg!, v));
}

function test(op: string, arg: Json, v: string | number | boolean | null): boolean {
  const s = typeof v === 'string' ? v : null;
  const fold = (x: string) => x.toLowerCase();
  switch (op) {
    case 'prefix':
      return (
        s !== null &&
        (isObject(arg) ? fold(s).startsWith(fold(arg['equals-ignore-case'] as string)) : s.startsWith(arg as string))
      );
    case 'suffix':
      return (
        s !== null &&
        (isObject(arg) ? fold(s).endsWith(fold(arg['equals-ignore-case'] as string)) : s.endsWith(arg as string))
      );
    case 'equals-ignore-case':
      return s !== null && fold(s) === fold(arg as string);
    case 'contains':
      return typeof v === 'string' && v.includes(arg as string);
    case 'wildcard':
      return s !== null && wildcard(arg as string, s);
    case 'numeric':
      return typeof v === 'number' && numeric(arg as (string | number)[], v);
    case 'anything-but':
      return anythingBut(arg, v);
    default:
      throw new Error(`reference: unknown operator ${op}`);
  }
}

/** `*` matches any run of characters; tried at every split, no regex involved. */
function wildcard(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern[0] === '*') {
    for (let i = 0; i <= text.length; i++) if (wildcard(pattern.slice(1), text.slice(i))) return true;
    return false;
  }
  return text.length > 0 && text[0] === pattern[0] && wildcard(pattern.slice(1), text.slice(1));
}

function numeric(terms: (string | number)[], v: number): boolean {
  for (let i = 0; i < terms.length; i += 2) {
    const bound = terms[i + 1] as number;
    const ok = { '=': v === bound, '<': v < bound, '<=': v <= bound, '>': v > bound, '>=': v >= bound }[
      terms[i] as string
    ];
    if (!ok) return false;
  }
  return true;
}

function anythingBut(arg: Json, v: string | number | boolean | null): boolean {
  if (isObject(arg)) {
    const [op, inner] = Object.entries(arg)[0]!;
    const list = (Array.isArray(inner) ? inner : [inner]) as string[];
    if (typeof v !== 'string') return true;
    if (op === 'prefix') return !list.some((p) => v.startsWith(p));
    if (op === 'suffix') return !list.some((p) => v.endsWith(p));
    if (op === 'equals-ignore-case') return !list.some((p) => p.toLowerCase() === v.toLowerCase());
    if (op === 'wildcard') return !list.some((p) => wildcard(p, v));
    throw new Error(`reference: unknown anything-but ${op}`);
  }
  const list = Array.isArray(arg) ? arg : [arg];
  return !list.includes(v);
}
