import { compileRendered } from '../accessor.js';
import { checkString, type TransformForm, VALUE_MAX_CHARS } from '../form.js';
import { checkPath, parsePath } from '../path.js';
import { asOutput } from '../render.js';

/**
 * JSONPATH: the part of the event a definite path selects (`value: "$.data.key"`); a string
 * raw, anything else compact JSON, nothing selected → an error for that event. A Kafka event's
 * `data.value` still held as compact JSON text is handed on as that text, never parsed. The path is
 * at most 1,024 characters.
 *
 * @example jsonpath.compile({ value: '$.data.key' }, opts).transform(event) // 'ORD-1'
 */
export const jsonpath: TransformForm = {
  form: 'JSONPATH',
  keys: ['value'],
  check: (spec) => {
    const issues = checkString(spec, 'value', VALUE_MAX_CHARS);
    return issues.length > 0 ? issues : checkPath(spec.value as string, ['value']);
  },
  compile: (spec) => {
    const path = spec.value as string;
    const parsed = parsePath(path);
    if (!parsed.ok) throw new Error(parsed.message);
    return { transform: compileRendered(parsed.keys, (selected) => asOutput(selected, path)) };
  },
};
