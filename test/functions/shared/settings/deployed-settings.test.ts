import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkWith } from '../../../../functions/shared/settings/config-issues.js';
import type { SettingsCheck } from '../../../../functions/shared/settings/deployed-settings.js';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import { fileSinkConfig } from '../../../../functions/sinks/file/config.js';
import { fileSink } from '../../../../functions/sinks/file/connector.js';
import { kafkaSinkConfig } from '../../../../functions/sinks/kafka/config.js';
import { kafkaSink } from '../../../../functions/sinks/kafka/connector.js';
import { stdoutSinkConfig } from '../../../../functions/sinks/stdout/config.js';
import { stdoutSink } from '../../../../functions/sinks/stdout/connector.js';
import { emulatorSinkTables } from './deployed-settings-cases.js';

const fileSettings = settingsCheck(fileSink);
const kafkaSettings = settingsCheck(kafkaSink);
const stdoutSettings = settingsCheck(stdoutSink);

// The zod schema in config.ts is the reference: a deployed sink must accept exactly what
// `conflux validate` accepts, fill the same defaults, and point at the same fields.
const sinks: [string, z.ZodType, SettingsCheck<unknown>, unknown[]][] = [
  [
    'file',
    fileSinkConfig,
    fileSettings,
    [
      { type: 'file', path: 'out.jsonl' },
      { type: 'file' },
      { type: 'file', path: '' },
      { type: 'file', path: 3 },
      { type: 'file', path: 'a', mode: 1 },
      { type: 'stdout', path: 'a' },
      null,
      [],
    ],
  ],
  ['stdout', stdoutSinkConfig, stdoutSettings, [{ type: 'stdout' }, { type: 'stdout', path: 'x' }, {}, 'stdout']],
  [
    'kafka',
    kafkaSinkConfig,
    kafkaSettings,
    [
      { type: 'kafka', topic: 'out' },
      {
        type: 'kafka',
        topic: 'out',
        brokers: ['b:9092'],
        key: '$.data.key',
        headers: { trace: 'fixed', id: '$.id' },
        acks: 1,
        compression: 'gzip',
      },
      { type: 'kafka', topic: 'out', key: { form: 'JSONPATH', value: 'no-dollar' } },
      { type: 'kafka', topic: 'out', key: { form: 'NOPE' } },
      { type: 'kafka', topic: 'out', headers: { h: { form: 'CONSTANT' } } },
      { type: 'kafka', topic: 'out', headers: 'h' },
      { type: 'kafka', topic: 'out', brokers: [] },
      { type: 'kafka', topic: 'out', brokers: ['b:9092', 'nope'] },
      { type: 'kafka', topic: 'out', brokers: 'b:9092' },
      { type: 'kafka', topic: 'out', acks: 2 },
      { type: 'kafka', topic: 'out', acks: 'all', compression: 'zstd' },
      { type: 'kafka', topic: '', extra: true },
      { type: 'kafka' },
    ],
  ],
  ...emulatorSinkTables,
];

const pathsOf = (issues: { path: (string | number)[] }[]) =>
  [...new Set(issues.map((i) => JSON.stringify(i.path)))].sort();

function agree(schema: z.ZodType, settings: SettingsCheck<unknown>, raw: unknown): void {
  const reference = checkWith(schema, raw);
  const mine = settings(raw);
  if (reference.ok) {
    expect(mine.issues).toEqual([]);
    expect(mine.value).toEqual(reference.value);
  } else {
    expect(pathsOf(mine.issues)).toEqual(pathsOf(reference.issues));
  }
}

describe('deployed sink settings agree with the config schema', () => {
  for (const [type, schema, settings, table] of sinks) {
    it.each(table.map((raw) => [JSON.stringify(raw), raw]))(`${type}: %s`, (_name, raw) =>
      agree(schema, settings, raw),
    );
  }

  it('kafka: on generated settings too', () => {
    const spec = fc.oneof(
      fc.constantFrom('$.data.key', 'k', '$.', '$..x', ''),
      fc.record({ form: fc.constantFrom('CONSTANT', 'JSONPATH', 'X'), value: fc.string({ maxLength: 3 }) }),
    );
    const settings = fc.record(
      {
        type: fc.constantFrom('kafka', 'file'),
        topic: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
        brokers: fc.array(fc.constantFrom('a:1', 'b:9092', 'c', ' :1'), { maxLength: 3 }),
        key: spec,
        headers: fc.dictionary(fc.constantFrom('a', 'b'), spec),
        acks: fc.constantFrom(0, 1, 'all', -1, '1'),
        compression: fc.constantFrom('none', 'gzip', 'lz4'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(settings, (raw) => agree(kafkaSinkConfig, kafkaSettings as SettingsCheck<unknown>, raw)),
      { numRuns: 300 },
    );
  });
});
