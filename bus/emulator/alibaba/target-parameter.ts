import { invalidArgument } from './errors.js';
import { isObject, type JsonObject, type Params } from './params.js';

/** Alibaba's shape of a sink field: `{Form, Value, Template}`. */
export interface TargetParameter {
  Form: 'ORIGINAL' | 'JSONPATH' | 'CONSTANT' | 'TEMPLATE';
  Value?: string;
  Template?: string;
}

/** A conflux transform spec, as conflux.yaml writes it (checked later by the task's validation). */
export type TransformSpec = JsonObject;

const FORMS = ['ORIGINAL', 'JSONPATH', 'CONSTANT', 'TEMPLATE'] as const;

/**
 * A sink field in Alibaba's transform shape → conflux's spec. TEMPLATE's Value is the JSON text
 * of its variables (`{"id":"$.data.value.id"}`). Limits (template ≤ 10,240 characters, each value
 * ≤ 1,024) are conflux's transform rules, checked when the task is validated.
 * @example toTransformSpec(params) // {Form: 'JSONPATH', Value: '$.data'} → {form: 'JSONPATH', value: '$.data'}
 */
export function toTransformSpec(field: Params): TransformSpec {
  const form = field.string('Form', { required: true });
  if (!(FORMS as readonly string[]).includes(form))
    throw invalidArgument(field.at('Form'), `must be one of ${FORMS.join(', ')} (got "${form}")`);
  if (form === 'ORIGINAL') return { form };
  if (form !== 'TEMPLATE') return { form, value: field.string('Value', { required: true }) };
  const text = field.string('Value', { required: true });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isObject(value))
    throw invalidArgument(
      field.at('Value'),
      'must be the JSON text of an object of variables, e.g. {"id":"$.data.id"}',
    );
  return { form, value, template: field.string('Template') ?? '' };
}

/** A field that must be a constant (a topic, a function name): its Value. */
export function constantOf(field: Params): string {
  const form = field.string('Form') ?? 'CONSTANT';
  if (form !== 'CONSTANT') throw invalidArgument(field.at('Form'), `must be CONSTANT here (got "${form}")`);
  return field.string('Value', { required: true });
}

/** A constant in Alibaba's shape. */
export function constant(value: string): TargetParameter {
  return { Form: 'CONSTANT', Value: value };
}

/** A conflux spec in Alibaba's shape, or undefined for forms Alibaba lacks (JSONATA, FUNCTION). */
export function toTargetParameter(spec: unknown): TargetParameter | undefined {
  if (!isObject(spec)) return undefined;
  const { form, value, template } = spec;
  if (form === 'ORIGINAL') return { Form: 'ORIGINAL' };
  if ((form === 'JSONPATH' || form === 'CONSTANT') && typeof value === 'string') return { Form: form, Value: value };
  if (form === 'TEMPLATE' && isObject(value) && typeof template === 'string')
    return { Form: 'TEMPLATE', Value: JSON.stringify(value), Template: template };
  return undefined;
}
