import type { Issue } from '../../../bus/errors.js';
import { compileRendered } from '../accessor.js';
import { checkString, isRecord, type TransformForm, typeName, VALUE_MAX_CHARS } from '../form.js';
import { checkPath, isPath, parsePath } from '../path.js';
import { templateText } from '../render.js';

/** DESIGN.md's limit (ApsaraMQ's): a longer template is invalid. Variables: VALUE_MAX_CHARS each and together. */
export const TEMPLATE_MAX_CHARS = 10_240;

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * TEMPLATE: `value: {var: "$.path" | "literal"}`, `template: "…${var}…"`. Plain text substitution:
 * strings raw, numbers/booleans/null as JSON text, objects/arrays compact JSON, nothing selected →
 * `""`. The template is split once into literal segments and compiled readers.
 *
 * @example template.compile({ value: { k: '$.data.key' }, template: 'key=${k}' }, opts).transform(event) // 'key=ORD-1'
 */
export const template: TransformForm = {
  form: 'TEMPLATE',
  keys: ['value', 'template'],
  check: (spec) => [...checkValues(spec.value), ...checkTemplate(spec)],
  compile: (spec) => compileTemplate(spec.value as Record<string, string>, spec.template as string),
};

function checkValues(value: unknown): Issue[] {
  if (value === undefined)
    return [{ path: ['value'], message: 'value is required: an object of variable → "$.path" or literal' }];
  if (!isRecord(value)) return [{ path: ['value'], message: `value must be an object, got ${typeName(value)}` }];
  const issues: Issue[] = [];
  for (const [name, source] of Object.entries(value)) {
    if (typeof source !== 'string') {
      issues.push({
        path: ['value', name],
        message: `must be a string ("$.path" or a literal), got ${typeName(source)}`,
      });
    } else if (source.length > VALUE_MAX_CHARS) {
      issues.push({
        path: ['value', name],
        message: `is ${source.length} characters; at most ${VALUE_MAX_CHARS} are allowed`,
      });
    } else if (isPath(source)) issues.push(...checkPath(source, ['value', name]));
  }
  // the whole map counts too: the variables' texts together, as ApsaraMQ measures its `value` field
  const total = Object.values(value).reduce<number>((sum, v) => sum + (typeof v === 'string' ? v.length : 0), 0);
  if (issues.length === 0 && total > VALUE_MAX_CHARS) {
    issues.push({
      path: ['value'],
      message: `the variables are ${total} characters together; at most ${VALUE_MAX_CHARS} are allowed`,
    });
  }
  return issues;
}

function checkTemplate(spec: Record<string, unknown>): Issue[] {
  const issues = checkString(spec, 'template', TEMPLATE_MAX_CHARS);
  if (issues.length > 0) return issues;
  const declared = isRecord(spec.value) ? spec.value : {};
  for (const match of (spec.template as string).matchAll(VARIABLE)) {
    const name = match[1]!;
    if (!Object.hasOwn(declared, name)) {
      issues.push({ path: ['template'], message: `undeclared variable \${${name}}: declare it in value` });
    }
  }
  return issues;
}

function compileTemplate(values: Record<string, string>, text: string): { transform: (event: unknown) => string } {
  const literals: string[] = [];
  const parts: ((event: unknown) => string)[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const source = values[match[1]!]!;
    literals.push(text.slice(last, match.index));
    parts.push(isPath(source) ? pathPart(source) : () => source);
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  const head = literals[0]!;
  if (parts.length === 0) return { transform: () => head };
  return {
    transform: (event) => {
      let out = head;
      for (let i = 0; i < parts.length; i++) out += parts[i]!(event) + literals[i + 1]!;
      return out;
    },
  };
}

function pathPart(source: string): (event: unknown) => string {
  const parsed = parsePath(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return compileRendered(parsed.keys, templateText);
}
