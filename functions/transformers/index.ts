import type { FunctionEntry } from '../entry.js';
import type { FormName } from './form.js';

const FORMS: FormName[] = ['ORIGINAL', 'JSONPATH', 'CONSTANT', 'TEMPLATE', 'FUNCTION', 'JSONATA'];

/** Every transformer conflux ships: one function per form, its folder holding `core.ts` and `handler.ts`. */
export const transformers: FunctionEntry[] = FORMS.map((form) => ({
  kind: 'transformer',
  type: form,
  name: `transformer-${form.toLowerCase()}`,
  dir: `functions/transformers/${form.toLowerCase()}`,
}));
