import type { Json } from '../../event.js';

/** Where a placeholder sits, which decides how its value is written (see `render`). */
type Mode = 'json-value' | 'json-string' | 'text';

type Part = string | { name: string; mode: Mode };

/**
 * An `InputTemplate` compiled once at PutTargets: its text split around `<name>` placeholders,
 * each marked with where it sits. A template that is JSON once its placeholders are filled is
 * rendered as JSON: a placeholder outside quotes becomes the value as JSON (strings quoted, a
 * path that selected nothing `""`, as AWS writes it); inside a JSON string it becomes the value's
 * text, escaped for JSON (strings without their quotes, objects and arrays with their quotes
 * removed, as AWS does, nothing when missing). Any other template is plain text: values are
 * written as text (strings as they are, the rest as JSON, nothing when missing).
 * @example compileInputTemplate('{"id": <id>, "msg": "order <id>"}').render(() => 'a"b') // '{"id": "a\"b", "msg": "order a\"b"}'
 */
export interface InputTemplate {
  /** The placeholder names, in order of first use. */
  readonly names: readonly string[];
  /** Whether the filled template is JSON (else it is plain text). */
  readonly json: boolean;
  /** Fills the placeholders; `lookup` answers undefined for a path that selected nothing. */
  render(lookup: (name: string) => Json | undefined): string;
}

const PLACEHOLDER = /^<([A-Za-z0-9_.-]+)>/;

/** Splits a template at its placeholders, noting for each whether it sits inside a JSON string. */
function split(template: string): { name: string; inString: boolean; at: number; end: number }[] {
  const found = [];
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (c === '<') {
      const match = PLACEHOLDER.exec(template.slice(i));
      if (match === null) continue;
      found.push({ name: match[1]!, inString, at: i, end: i + match[0].length });
      i += match[0].length - 1;
    }
  }
  return found;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `{"a":"b"}` → `{a:b}`: the quotes AWS drops when an object lands inside a string (escaped ones stay). */
const withoutQuotes = (json: string) => json.replace(/\\.|"/g, (m) => (m === '"' ? '' : m));

function write(value: Json | undefined, mode: Mode): string {
  if (mode === 'json-value') return value === undefined ? '""' : JSON.stringify(value);
  if (value === undefined) return '';
  if (typeof value === 'string') return mode === 'text' ? value : JSON.stringify(value).slice(1, -1);
  const json = JSON.stringify(value);
  return mode === 'json-string' && typeof value === 'object' && value !== null ? withoutQuotes(json) : json;
}

/** Compiles a template (the placeholder names are checked by the caller, against InputPathsMap). */
export function compileInputTemplate(template: string): InputTemplate {
  const found = split(template);
  let probe = '';
  let from = 0;
  for (const p of found) {
    probe += template.slice(from, p.at) + (p.inString ? 'x' : 'null');
    from = p.end;
  }
  const json = isJson(probe + template.slice(from));
  const parts: Part[] = [];
  from = 0;
  for (const p of found) {
    parts.push(template.slice(from, p.at), {
      name: p.name,
      mode: !json ? 'text' : p.inString ? 'json-string' : 'json-value',
    });
    from = p.end;
  }
  parts.push(template.slice(from));
  return {
    names: [...new Set(found.map((p) => p.name))],
    json,
    render(lookup) {
      let out = '';
      for (const part of parts) out += typeof part === 'string' ? part : write(lookup(part.name), part.mode);
      return out;
    },
  };
}
