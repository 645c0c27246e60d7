import type { Json } from '../../event.js';
import { AwsError } from './errors.js';
import { eventTime } from './event-time.js';
import { compileInputTemplate } from './input-template.js';
import { compileInputPath, type InputPath } from './json-path.js';
import type { AwsEvent, DeliveryContext, TargetInput, TargetOutput } from './types.js';

export type { DeliveryContext, TargetInput, TargetOutput } from './types.js';

/** A target's input settings as PutTargets gave them (already checked against their constraints). */
export interface TargetInputSpec {
  id: string;
  input?: string;
  inputPath?: string;
  transformer?: { paths: Record<string, string>; template: string };
}

/** The variables every template may use without defining them (their names are reserved). */
const RESERVED: Readonly<Record<string, (event: AwsEvent, context: DeliveryContext) => Json>> = {
  'aws.events.rule-arn': (_, context) => context.ruleArn,
  'aws.events.rule-name': (_, context) => context.ruleName,
  'aws.events.event.ingestion-time': (_, context) => eventTime(context.ingestionTime),
  // AWS's shape: no detail, and `detailType` for `detail-type`.
  'aws.events.event': ({ detail: _, 'detail-type': detailType, ...rest }) => ({
    id: rest.id,
    account: rest.account,
    detailType,
    time: rest.time,
    source: rest.source,
    region: rest.region,
    resources: rest.resources,
    version: rest.version,
  }),
  'aws.events.event.json': (event) => event as unknown as Json,
};

const invalid = (message: string, path: string) => new AwsError('ValidationException', message, { path });

function pathOf(text: string, message: string, where: string): InputPath {
  const path = compileInputPath(text);
  if (path === undefined) throw invalid(message, where);
  return path;
}

function parsed(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** `Input`: the same JSON text for every event (AWS refuses text that is not JSON). */
function constantInput(spec: TargetInputSpec, text: string, where: string): TargetInput {
  const value = parsed(text);
  if (value === undefined) throw invalid(`Input for target ${spec.id} is not a valid JSON text.`, `${where}.Input`);
  const output: TargetOutput = { kind: 'input', text, value };
  return { apply: () => output };
}

/** `InputPath`: the JSON the path selects; a path that selects nothing gives `null` (the emulator's choice). */
function pathInput(spec: TargetInputSpec, text: string, where: string): TargetInput {
  const path = pathOf(text, `InputPath for target ${spec.id} is not a valid JSON path: ${text}.`, `${where}.InputPath`);
  return {
    apply(event) {
      const value = path.select(event as unknown as Json)?.value ?? null;
      return { kind: 'input', text: JSON.stringify(value), value };
    },
  };
}

/** `InputTransformer`: each InputPathsMap path read from the event, then the template filled. */
function transformedInput(spec: TargetInputSpec, where: string): TargetInput {
  const { paths, template } = spec.transformer!;
  const compiledPaths = new Map<string, InputPath>();
  for (const [name, text] of Object.entries(paths)) {
    const message = `InputPathsMap for target ${spec.id} has an invalid JSON path for ${name}: ${text}.`;
    compiledPaths.set(name, pathOf(text, message, `${where}.InputTransformer.InputPathsMap.${name}`));
  }
  const compiled = compileInputTemplate(template);
  for (const name of compiled.names) {
    if (!compiledPaths.has(name) && !Object.hasOwn(RESERVED, name))
      throw invalid(
        `InputTemplate for target ${spec.id} contains invalid placeholder ${name}.`,
        `${where}.InputTransformer.InputTemplate`,
      );
  }
  return {
    apply(event, context) {
      const json = event as unknown as Json;
      const text = compiled.render((name) => {
        const path = compiledPaths.get(name);
        return path === undefined ? RESERVED[name]!(event, context) : path.select(json)?.value;
      });
      const value = compiled.json ? parsed(text) : undefined;
      return value === undefined ? { kind: 'input', text } : { kind: 'input', text, value };
    },
  };
}

const WHOLE_EVENT: TargetInput = { apply: () => ({ kind: 'event' }) };

/**
 * Compiles a target's Input / InputPath / InputTransformer (at most one, as AWS allows), so each
 * event only runs the compiled paths and template. Refusals are ValidationExceptions in AWS's words,
 * with `path` naming the field (`Targets[i].InputTransformer.InputPathsMap.<name>`).
 * @example compileTargetInput({ id: 't', inputPath: '$.detail' }, 0).apply(event, context) // { kind: 'input', text: '{…}', value: {…} }
 */
export function compileTargetInput(spec: TargetInputSpec, index: number): TargetInput {
  const where = `Targets[${index}]`;
  const given = [spec.input, spec.inputPath, spec.transformer].filter((x) => x !== undefined).length;
  if (given > 1)
    throw invalid(`Only one of Input, InputPath, or InputTransformer must be provided for target ${spec.id}.`, where);
  if (spec.input !== undefined) return constantInput(spec, spec.input, where);
  if (spec.inputPath !== undefined) return pathInput(spec, spec.inputPath, where);
  if (spec.transformer !== undefined) return transformedInput(spec, where);
  return WHOLE_EVENT;
}
