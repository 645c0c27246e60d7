import type { Dialect } from '../../pattern/index.js';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from '../http/server.js';

/** A pattern tester's answer: the `pattern test` CLI line without its id. */
export interface PatternAnswer {
  result: 'match' | 'no-match' | 'invalid';
  error?: string;
}

/** A transform tester's answer: the `transform test` CLI line without its id. */
export type TransformAnswer = { result: 'ok'; outputs: string[] } | { result: 'invalid' | 'error'; error: string };

/**
 * The live testers the console calls, given by infra (bus knows no transformer): the pattern as
 * JSON text or an object, the event as JSON text or a value; `dialect` omitted means the config's.
 */
export interface ConsoleTesters {
  testPattern(input: { pattern: unknown; event: unknown; dialect?: Dialect }): PatternAnswer | Promise<PatternAnswer>;
  testTransform(input: { transform: Record<string, unknown>; event: unknown }): Promise<TransformAnswer>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A 400 naming the field of the request body that is wrong. */
function badField(field: string, message: string): ApiError {
  return new ApiError(400, `request.${field}`, `${field} ${message}`, [{ path: [field], message }]);
}

function bodyObject(body: unknown, shape: string): Record<string, unknown> {
  if (!isObject(body)) throw new ApiError(400, 'request.body', `the request body must be a JSON object ${shape}`);
  return body;
}

/** JSON text, or an object/array already parsed; anything else is not something to test. */
function jsonInput(body: Record<string, unknown>, field: string, what: string): unknown {
  const value = body[field];
  if (value === undefined) throw badField(field, `is required: ${what}`);
  if (typeof value !== 'string' && (value === null || typeof value !== 'object'))
    throw badField(field, `must be ${what}`);
  return value;
}

function readPatternRequest(raw: unknown): Parameters<ConsoleTesters['testPattern']>[0] {
  const body = bodyObject(raw, '{pattern, event, dialect?}');
  const pattern = jsonInput(body, 'pattern', 'an event pattern (JSON text or an object)');
  const event = jsonInput(body, 'event', 'an event (JSON text or an object)');
  const { dialect } = body;
  if (dialect !== undefined && dialect !== 'aws' && dialect !== 'alibaba')
    throw badField('dialect', 'must be aws or alibaba');
  return dialect === undefined ? { pattern, event } : { pattern, event, dialect };
}

function readTransformRequest(raw: unknown): Parameters<ConsoleTesters['testTransform']>[0] {
  const body = bodyObject(raw, '{transform, event}');
  const { transform } = body;
  if (transform === undefined) throw badField('transform', 'is required: a transform spec such as {"form":"ORIGINAL"}');
  if (!isObject(transform)) throw badField('transform', 'must be a transform spec (an object with a form)');
  return { transform, event: jsonInput(body, 'event', 'an event (JSON text or an object)') };
}

const ok = (body: unknown): Reply => ({ status: 200, body });

/**
 * `POST /api/test/pattern` `{pattern, event, dialect?}` → `{"result":"match"|"no-match"|"invalid","error"?}`
 * and `POST /api/test/transform` `{transform, event}` → `{"result":"ok","outputs":[…]}` or
 * `{"result":"invalid"|"error","error"}`: the CLI testers' answers, for the console's live tester.
 * A body without a field they need is a 400 naming it.
 */
export function testerRoutes(testers: ConsoleTesters): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/api\/test\/pattern$/,
      handle: async ({ body }) => ok(await testers.testPattern(readPatternRequest(await body()))),
    },
    {
      method: 'POST',
      path: /^\/api\/test\/transform$/,
      handle: async ({ body }) => ok(await testers.testTransform(readTransformRequest(await body()))),
    },
  ];
}
