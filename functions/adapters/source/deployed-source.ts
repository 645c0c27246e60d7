import { ConfluxError, formatConfigPath, messageOf } from '../../../bus/errors.js';

/**
 * The task's source settings a deployed sink reads from `CONFLUX_SOURCE` (`conflux package` writes
 * the validated settings, defaults applied, for every task whose source is not Kafka). Only what
 * the function uses is checked here, without zod (a sink bundle stays small): the HTTP gate
 * (`methods`, `token`), and the type that picks the row of an invocation without an envelope (mqtt).
 */
export type DeployedSource =
  | { type: 'kafka' }
  | { type: 'rabbitmq'; queue?: string }
  | { type: 'http'; methods: string[]; token?: string; path?: string; dropHeaders?: string[] }
  | { type: 'mqtt'; topic?: string };

const HTTP_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

/**
 * `CONFLUX_SOURCE`'s text → the settings, `undefined` when unset (a Kafka task); a wrong value is
 * a `config.invalid` error naming `source.<field>`. `deployable`: the source types a Lambda trigger
 * of this function serves (`deployableSourceTypes`, lambda/event-sources.ts).
 *
 * @example readDeployedSource('CONFLUX_SOURCE', '{"type":"http","methods":["POST"]}', deployableSourceTypes) // { type: 'http', methods: ['POST'] }
 */
export function readDeployedSource(
  name: string,
  text: string | undefined,
  deployable: readonly DeployedSource['type'][],
): DeployedSource | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfluxError('config.invalid', `${name} is not JSON: ${messageOf(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfluxError('config.invalid', `${name} must hold a JSON object (the task's source settings)`);
  }
  const settings = raw as Record<string, unknown>;
  const fail = (field: string, message: string): never => {
    const path = formatConfigPath(['source', field]);
    throw new ConfluxError('config.invalid', `${name} is not valid: ${path}: ${message}`, { path });
  };
  const type = settings.type;
  if (!deployable.includes(type as DeployedSource['type'])) {
    fail(
      'type',
      `must be a source type a Lambda trigger serves: ${deployable.join(', ')} (got ${JSON.stringify(type)}; the others run in conflux run only)`,
    );
  }
  const optionalString = (field: string) => {
    const value = settings[field];
    if (value !== undefined && (typeof value !== 'string' || value === '')) fail(field, 'must be a non-empty string');
    return value as string | undefined;
  };
  switch (type) {
    case 'http': {
      const methods = settings.methods ?? ['POST'];
      if (!Array.isArray(methods) || methods.length === 0 || methods.some((m) => !HTTP_METHODS.includes(m))) {
        fail('methods', `must list some of ${HTTP_METHODS.join(', ')}`);
      }
      const token = optionalString('token');
      const path = optionalString('path');
      const dropHeaders: unknown = settings.dropHeaders ?? [];
      if (!Array.isArray(dropHeaders) || dropHeaders.some((name) => typeof name !== 'string'))
        fail('dropHeaders', 'must list header names');
      return {
        type,
        methods: methods as string[],
        ...((dropHeaders as string[]).length === 0 ? {} : { dropHeaders: dropHeaders as string[] }),
        ...(token === undefined ? {} : { token }),
        ...(path === undefined ? {} : { path }),
      };
    }
    case 'rabbitmq': {
      const queue = optionalString('queue');
      return { type, ...(queue === undefined ? {} : { queue }) };
    }
    case 'mqtt': {
      const topic = optionalString('topic');
      return { type, ...(topic === undefined ? {} : { topic }) };
    }
    default:
      return { type: 'kafka' };
  }
}
