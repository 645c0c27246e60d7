import { describe, expect, it } from 'vitest';
import { file, problems, task } from './helpers.js';

// One wrong value per field, each with the exact line `conflux validate` prints.
const top: [string, Record<string, unknown>, string][] = [
  ['version missing', { version: undefined }, 'version: required: 1 (the conflux.yaml format version)'],
  ['version 2', { version: 2 }, 'version: must be 1 (got 2)'],
  ['version as text', { version: '1' }, 'version: must be 1 (got "1")'],
  ['quota 0', { quota: 0 }, 'quota: must be an integer from 1 to 10000 (got 0)'],
  ['quota fraction', { quota: 2.5 }, 'quota: must be an integer from 1 to 10000 (got 2.5)'],
  ['quota text', { quota: 'ten' }, 'quota: must be an integer from 1 to 10000 (got "ten")'],
  ['dialect typo', { dialect: 'AWS' }, 'dialect: must be one of aws, alibaba (got "AWS"); did you mean "aws"?'],
  ['tasks not a list', { tasks: { a: 1 } }, 'tasks: must be a list (got a mapping)'],
];

const perTask: [string, Record<string, unknown>, string][] = [
  ['name missing', { name: undefined }, 'tasks[0].name: required: a task name'],
  ['name number', { name: 7 }, 'tasks[0].name: must be a task name (got 7)'],
  [
    'name with underscore',
    { name: 'orders_to_pg' },
    'tasks[0].name: must start with a letter or digit and contain only letters, digits and hyphens (got "orders_to_pg")',
  ],
  [
    'name starting with a hyphen',
    { name: '-orders' },
    'tasks[0].name: must start with a letter or digit and contain only letters, digits and hyphens (got "-orders")',
  ],
  [
    'name empty',
    { name: '' },
    'tasks[0].name: must start with a letter or digit and contain only letters, digits and hyphens (got "")',
  ],
  [
    'source missing',
    { source: undefined },
    'tasks[0].source: required: a source with a type, one of kafka, http, rabbitmq, mqtt, nats, file-tail, postgres-cdc, mysql-cdc',
  ],
  ['source as text', { source: 'kafka' }, 'tasks[0].source: must be a mapping with a source type (got "kafka")'],
  [
    'source type unknown',
    { source: { type: 'kafak', topic: 'x' } },
    'tasks[0].source.type: unknown source type "kafak"; expected one of kafka, http, rabbitmq, mqtt, nats, file-tail, postgres-cdc, mysql-cdc (did you mean "kafka"?)',
  ],
  [
    'sink missing',
    { sink: undefined },
    'tasks[0].sink: required: a sink with a type, one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout',
  ],
  [
    'sink type typo',
    { sink: { type: 'postgre' } },
    'tasks[0].sink.type: unknown sink type "postgre"; expected one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout (did you mean "postgres"?)',
  ],
  [
    'sink type far off',
    { sink: { type: 'oracle' } },
    'tasks[0].sink.type: unknown sink type "oracle"; expected one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout',
  ],
  ['concurrency 40', { concurrency: 40 }, 'tasks[0].concurrency: must be an integer from 1 to 32 (got 40)'],
  ['concurrency 0', { concurrency: 0 }, 'tasks[0].concurrency: must be an integer from 1 to 32 (got 0)'],
  ['concurrency 1.5', { concurrency: 1.5 }, 'tasks[0].concurrency: must be an integer from 1 to 32 (got 1.5)'],
  ['concurrency text', { concurrency: 'four' }, 'tasks[0].concurrency: must be an integer from 1 to 32 (got "four")'],
  ['retry as text', { retry: 'BACKOFF_RETRY' }, 'tasks[0].retry: must be a mapping (got "BACKOFF_RETRY")'],
  [
    'retry policy lower case',
    { retry: { policy: 'backoff_retry' } },
    'tasks[0].retry.policy: must be one of BACKOFF_RETRY, EXPONENTIAL_DECAY_RETRY (got "backoff_retry"); did you mean "BACKOFF_RETRY"?',
  ],
  [
    'retry policy unknown',
    { retry: { policy: 'FOREVER' } },
    'tasks[0].retry.policy: must be one of BACKOFF_RETRY, EXPONENTIAL_DECAY_RETRY (got "FOREVER")',
  ],
  [
    'tolerance unknown',
    { errors: { tolerance: 'SOME' } },
    'tasks[0].errors.tolerance: must be one of ALL, NONE (got "SOME")',
  ],
  [
    'dead letter without type',
    { errors: { deadLetter: { topic: 'dlq' } } },
    'tasks[0].errors.deadLetter.type: required: the sink type, one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout',
  ],
  [
    'dead letter kafka without topic',
    { errors: { deadLetter: { type: 'kafka' } } },
    'tasks[0].errors.deadLetter.topic: required: a topic name',
  ],
  [
    'dead letter brokers malformed',
    { errors: { deadLetter: { type: 'kafka', topic: 'dlq', brokers: ['localhost'] } } },
    'tasks[0].errors.deadLetter.brokers[0]: must be host:port, e.g. "127.0.0.1:9092" (got "localhost")',
  ],
  ['kafka source topic missing', { source: { type: 'kafka' } }, 'tasks[0].source.topic: required: a topic name'],
  [
    'kafka source topic empty',
    { source: { type: 'kafka', topic: '' } },
    'tasks[0].source.topic: must be a Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ - (got "")',
  ],
  [
    'kafka source offset',
    { source: { type: 'kafka', topic: 'o', offset: 'oldest' } },
    'tasks[0].source.offset: must be one of earliest, latest (got "oldest")',
  ],
  [
    'kafka source valueFormat',
    { source: { type: 'kafka', topic: 'o', valueFormat: 'avro' } },
    'tasks[0].source.valueFormat: must be one of json, text, binary (got "avro")',
  ],
  [
    'kafka source brokers as text',
    { source: { type: 'kafka', topic: 'o', brokers: '127.0.0.1:9092' } },
    'tasks[0].source.brokers: must be a list of host:port strings (got "127.0.0.1:9092")',
  ],
  [
    'kafka source brokers empty',
    { source: { type: 'kafka', topic: 'o', brokers: [] } },
    'tasks[0].source.brokers: must list at least one broker (omit brokers to use the embedded bus)',
  ],
  [
    'kafka source consumerGroup empty',
    { source: { type: 'kafka', topic: 'o', consumerGroup: '' } },
    'tasks[0].source.consumerGroup: must be a consumer group id, or {name, existing} (got "")',
  ],
  ['file sink path missing', { sink: { type: 'file' } }, 'tasks[0].sink.path: required: a file path'],
  [
    'filter as a list',
    { filter: ['a'] },
    'tasks[0].filter: Event pattern is not valid. Reason: Filter is not an object',
  ],
];

describe('conflux.yaml fields', () => {
  it.each(top)('%s', (_name, overrides, line) => {
    expect(problems(file(overrides))).toEqual([line]);
  });

  it.each(perTask)('%s', (_name, overrides, line) => {
    expect(problems(file({}, [task(overrides)]))).toEqual([line]);
  });

  it('accepts the valid base file, so each row above fails for its own field only', () => {
    expect(problems(file())).toEqual([]);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problems([1, 2])).toEqual(['(root): must be a mapping (got a list of 2)']);
    expect(problems(null)).toEqual(['(root): must be a mapping (got null)']);
  });

  it('rejects a task that is not a mapping', () => {
    expect(problems(file({}, ['orders']))).toEqual(['tasks[0]: must be a mapping (got "orders")']);
  });
});
