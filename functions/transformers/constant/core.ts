import { checkString, type TransformForm, VALUE_MAX_CHARS } from '../form.js';

/**
 * CONSTANT: the same text for every event (`value: "text"`, at most 1,024 characters).
 *
 * @example constant.compile({ value: 'ping' }, opts).transform(event) // 'ping'
 */
export const constant: TransformForm = {
  form: 'CONSTANT',
  keys: ['value'],
  check: (spec) => checkString(spec, 'value', VALUE_MAX_CHARS),
  compile: (spec) => {
    const value = spec.value as string;
    return { transform: () => value };
  },
};
