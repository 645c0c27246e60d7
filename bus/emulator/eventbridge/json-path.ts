import type { Json } from '../../event.js';

/** One step of an input path: a member name, an array index, or every member (`*`). */
type Step = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'all' };

/**
 * A JSON path as EventBridge takes them in `InputPath` and `InputPathsMap`: `$`, then dot
 * notation (names of letters, digits, `-`, `_`, `/` and the like), `[n]` array indices and `*`
 * wildcards — the subset AWS documents, compiled once and applied per event.
 * @example compileInputPath('$.detail.items[0]')?.select(event) // { value: … } or undefined
 */
export interface InputPath {
  readonly text: string;
  /** Whether a wildcard makes the path select a list of values rather than one. */
  readonly many: boolean;
  /** The selected value; undefined when the path selects nothing. */
  select(value: Json): { value: Json } | undefined;
}

const NAME = /^[^.[\]\s<>"*]+/;

function parseSteps(text: string): Step[] | undefined {
  if (!text.startsWith('$')) return undefined;
  const steps: Step[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    if (rest.startsWith('.*') || rest.startsWith('[*]')) {
      steps.push({ kind: 'all' });
      rest = rest.slice(rest.startsWith('.*') ? 2 : 3);
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (name === null) return undefined;
      steps.push({ kind: 'name', name: name[0] });
      rest = rest.slice(1 + name[0].length);
    } else {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index === null) return undefined;
      steps.push({ kind: 'index', index: Number(index[1]) });
      rest = rest.slice(index[0].length);
    }
  }
  return steps;
}

function children(value: Json, step: Step): Json[] {
  if (typeof value !== 'object' || value === null) return [];
  if (step.kind === 'all') return Array.isArray(value) ? value : Object.values(value);
  if (step.kind === 'index') return Array.isArray(value) && step.index < value.length ? [value[step.index]!] : [];
  return !Array.isArray(value) && Object.hasOwn(value, step.name) ? [value[step.name]!] : [];
}

/**
 * Compiles a path; undefined when it is not one (no leading `$`, an empty name, `..`, a bracket
 * that is not an index). A path with `*` selects the list of every match (nothing when none).
 */
export function compileInputPath(text: string): InputPath | undefined {
  const steps = parseSteps(text);
  if (steps === undefined) return undefined;
  const many = steps.some((step) => step.kind === 'all');
  return {
    text,
    many,
    select(value) {
      let found: Json[] = [value];
      for (const step of steps) found = found.flatMap((item) => children(item, step));
      if (many) return found.length === 0 ? undefined : { value: found };
      return found.length === 0 ? undefined : { value: found[0]! };
    },
  };
}
