import type { EventTarget } from './bus-store.js';
import { invalidArgument } from './errors.js';
import { TARGET_TYPES } from './event-targets.js';
import type { JsonObject, Params } from './params.js';
import { toTransformSpec } from './target-parameter.js';
import type { AlibabaContext } from './types.js';

/**
 * A rule target from a request: Id, Type (`conflux.task` with the task's name or
 * `arn:conflux:task:<name>` as Endpoint, or `http`/`https` with a URL), and ParamList, whose
 * `body` entry (ORIGINAL, JSONPATH, CONSTANT, TEMPLATE) shapes what the target receives.
 */
export function readTarget(p: Params): EventTarget {
  const id = p.string('Id', { required: true });
  const type = p.string('Type', { required: true });
  if (!(TARGET_TYPES as readonly string[]).includes(type))
    throw invalidArgument(p.at('Type'), `conflux delivers to ${TARGET_TYPES.join(', ')} targets (got "${type}")`);
  const endpoint = p.string('Endpoint', { required: true });
  if (type !== 'conflux.task' && !/^https?:\/\//.test(endpoint))
    throw invalidArgument(p.at('Endpoint'), `must be an http:// or https:// URL (got "${endpoint}")`);
  const params = p.objects('ParamList');
  const body = params.find((param) => param.string('ResourceKey') === 'body');
  const retry = p.string('PushRetryStrategy');
  return {
    Id: id,
    Type: type,
    Endpoint: endpoint,
    ...(retry === undefined ? {} : { PushRetryStrategy: retry }),
    ParamList: params.map((param) => param.raw as EventTarget['ParamList'][number]),
    body: body === undefined ? { form: 'ORIGINAL' } : toTransformSpec(body),
  };
}

/** A target as ListTargets and GetRule show it. */
export function targetView(target: EventTarget): JsonObject {
  const { body: _body, ...shown } = target;
  return shown;
}

/** A target read and its body transform compiled now, so a bad one (an undeclared TEMPLATE variable) is refused at once. */
export function readCheckedTarget(p: Params, c: AlibabaContext): EventTarget {
  const target = readTarget(p);
  try {
    c.targets.check(target.body);
  } catch (error) {
    throw invalidArgument(p.path, (error as Error).message);
  }
  return target;
}
