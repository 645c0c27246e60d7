import { checkString, type TransformForm } from '../form.js';

/**
 * CONSTANT: the same text for every event (`value: "text"`).
 *
 * @example constant.compile({ value: 'ping' }, opts).transform(event) // 'ping'
 */
export const constant: TransformForm = {
  form: 'CONSTANT',
  keys: ['value'],
  check: (spec) => checkString(spec, 'value'),
  compile: (spec) => {
    const value = spec.value as string;
    return { transform: () => value };
  },
};
