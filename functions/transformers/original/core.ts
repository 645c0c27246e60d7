import type { TransformForm } from '../form.js';

/**
 * ORIGINAL: the whole event, compact JSON. When the runtime hands over the text the event was
 * parsed from, that text is the output as it is — the caller vouches that it is the event's
 * compact JSON (the embedded bus stores exactly that), so nothing is serialised twice.
 *
 * @example original.compile({}, opts).transform(event) // JSON.stringify(event)
 */
export const original: TransformForm = {
  form: 'ORIGINAL',
  keys: [],
  takesText: true,
  check: () => [],
  compile: () => ({
    transform: (event, originalText) => (originalText === undefined ? JSON.stringify(event) : originalText),
  }),
};
