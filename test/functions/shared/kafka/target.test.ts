import { describe, expect, it } from 'vitest';
import { kafkaTargetSettings } from '../../../../functions/shared/kafka/target.js';
import { SOURCE_ENV } from '../../../../functions/shared/task/source-handler.js';
import { readOutput } from '../../../../functions/shared/task/task-env.js';

const brokers = ['b-1.kafka.internal:9092'];

describe('the Kafka target of a source function (CONFLUX_TARGET)', () => {
  it('fills the defaults and turns a string spec into JSONPATH or CONSTANT', () => {
    expect(kafkaTargetSettings({ brokers, topic: 'orders', key: '$.data.body.id', headers: { src: 'shop' } })).toEqual({
      value: {
        brokers,
        topic: 'orders',
        key: { form: 'JSONPATH', value: '$.data.body.id' },
        headers: { src: { form: 'CONSTANT', value: 'shop' } },
        acks: 'all',
        compression: 'none',
      },
      issues: [],
    });
    expect(kafkaTargetSettings({ brokers, topic: 'o', acks: 1, compression: 'gzip' }).value).toMatchObject({
      acks: 1,
      compression: 'gzip',
    });
  });

  it.each([
    [{ topic: 'orders' }, ['brokers'], 'required'],
    [{ brokers }, ['topic'], 'required'],
    [{ brokers: [], topic: 'o' }, ['brokers'], 'must be a list of host:port strings'],
    [{ brokers: ['kafka'], topic: 'o' }, ['brokers', 0], 'must be host:port'],
    [{ brokers, topic: '' }, ['topic'], 'must be a non-empty string'],
    [{ brokers, topic: 'o', acks: 2 }, ['acks'], 'must be one of 0, 1, all'],
    [{ brokers, topic: 'o', compression: 'zstd' }, ['compression'], 'must be one of none, gzip'],
    [{ brokers, topic: 'o', key: { form: 'JSONPATH' } }, ['key', 'value'], ''],
    [{ brokers, topic: 'o', headers: { '': '$.id' } }, ['headers', ''], 'a name must not be empty'],
    [{ brokers, topic: 'o', tpoic: 'x' }, ['tpoic'], 'unknown key; allowed keys: brokers, topic, key'],
    [{ brokers, topic: 'o', type: 'kafka' }, ['type'], 'unknown key'],
  ])('%j → an issue at %j', (raw, path, message) => {
    const { issues } = kafkaTargetSettings(raw);
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    expect(issues[0]!.message).toContain(message);
  });

  it('is read from its variable with errors naming the variable and the field under target', () => {
    const output = {
      variable: SOURCE_ENV.target,
      path: 'target',
      what: 'the Kafka target as JSON',
      settings: kafkaTargetSettings,
      connect: () => Promise.reject(new Error('not here')),
    };
    const read = (text?: string) => () => readOutput(output, text === undefined ? {} : { CONFLUX_TARGET: text });
    expect(read()).toThrow('CONFLUX_TARGET is not set; it holds the Kafka target as JSON');
    expect(read('{brokers')).toThrow(/^CONFLUX_TARGET is not JSON: /);
    expect(read('["b:9092"]')).toThrow('CONFLUX_TARGET must hold a JSON object (the Kafka target as JSON)');
    expect(read('{"brokers":["b"],"topic":"o"}')).toThrow(
      'CONFLUX_TARGET is not valid:\ntarget.brokers[0]: must be host:port, e.g. "127.0.0.1:9092" (got "b")',
    );
    try {
      read('{"topic":"o","acks":"none"}')();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'config.invalid', path: 'target.brokers' });
      expect((error as Error).message).toContain('target.acks: must be one of 0, 1, all (got "none")');
    }
  });
});
