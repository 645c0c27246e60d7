import { describe, expect, it } from 'vitest';
import { readTaskSource } from '../../../../functions/shared/task/task-env.js';

describe('the task source a function reads (CONFLUX_SOURCE)', () => {
  it('a source function fills in its own type: unset gives its defaults', () => {
    expect(readTaskSource({}, 'http')).toEqual({ type: 'http', methods: ['POST'] });
    expect(readTaskSource({ CONFLUX_SOURCE: '{"token":"t","methods":["PUT"]}' }, 'http')).toEqual({
      type: 'http',
      methods: ['PUT'],
      token: 't',
    });
    expect(readTaskSource({ CONFLUX_SOURCE: '{"type":"mqtt","topic":"d/#"}' }, 'mqtt')).toEqual({
      type: 'mqtt',
      topic: 'd/#',
    });
    expect(readTaskSource({}, 'kafka')).toEqual({ type: 'kafka' });
  });

  it('a source function refuses settings of another source, naming source.type', () => {
    expect(() => readTaskSource({ CONFLUX_SOURCE: '{"type":"mqtt"}' }, 'rabbitmq')).toThrow(
      'CONFLUX_SOURCE is not valid: source.type: this function is the rabbitmq source, not "mqtt"',
    );
    expect(() => readTaskSource({ CONFLUX_SOURCE: '{"methods":"POST"}' }, 'http')).toThrow(/source\.methods/);
    expect(() => readTaskSource({ CONFLUX_SOURCE: '[1]' }, 'http')).toThrow(/must hold a JSON object/);
    expect(() => readTaskSource({ CONFLUX_SOURCE: '{' }, 'http')).toThrow(/CONFLUX_SOURCE is not JSON/);
  });

  it('a sink takes whatever source the settings name, and none when unset (a Kafka task)', () => {
    expect(readTaskSource({})).toBeUndefined();
    expect(readTaskSource({ CONFLUX_SOURCE: '{"type":"rabbitmq","queue":"q"}' })).toEqual({
      type: 'rabbitmq',
      queue: 'q',
    });
    expect(() => readTaskSource({ CONFLUX_SOURCE: '{"queue":"q"}' })).toThrow(/source\.type/);
  });
});
