import type { Triggers } from '../adapters/triggers.js';
import type { FormName } from './form.js';

const FORMS: FormName[] = ['ORIGINAL', 'JSONPATH', 'CONSTANT', 'TEMPLATE', 'FUNCTION', 'JSONATA'];

/** What invokes a transformer: Kafka records on Lambda (createTransformerHandler takes no other), EventBridge on FC. */
const TRIGGERS: Triggers = { lambda: ['kafka'], fc: ['eventbridge'] };

/**
 * Every transformer conflux ships: one function per form, its folder holding `core.ts` and `handler.ts`
 * (a registry entry, functions/entry.ts, by shape: this folder imports nothing above the transform engine).
 */
export const transformers = FORMS.map((form) => ({
  kind: 'transformer' as const,
  type: form,
  name: `transformer-${form.toLowerCase()}`,
  dir: `functions/transformers/${form.toLowerCase()}`,
  triggers: TRIGGERS,
}));
