import { describe, expect, it } from 'vitest';
import { deployableSourceTypes } from '../../../../functions/adapters/lambda/event-sources.js';
import { readDeployedSource as readWith } from '../../../../functions/adapters/source/deployed-source.js';

const readDeployedSource = (name: string, text: string | undefined) => readWith(name, text, deployableSourceTypes);

describe('CONFLUX_SOURCE', () => {
  it('is absent for a Kafka task', () => {
    expect(readDeployedSource('CONFLUX_SOURCE', undefined)).toBeUndefined();
    expect(readDeployedSource('CONFLUX_SOURCE', ' ')).toBeUndefined();
  });

  it('gives the HTTP gate with the emulator defaults, and the type of the others', () => {
    expect(readDeployedSource('S', '{"type":"http"}')).toEqual({ type: 'http', methods: ['POST'] });
    expect(readDeployedSource('S', '{"type":"http","methods":["PUT"],"token":"t","path":"/h"}')).toEqual({
      type: 'http',
      methods: ['PUT'],
      token: 't',
      path: '/h',
    });
    expect(readDeployedSource('S', '{"type":"http","dropHeaders":["x-session"]}')).toEqual({
      type: 'http',
      methods: ['POST'],
      dropHeaders: ['x-session'],
    });
    expect(() => readDeployedSource('S', '{"type":"http","dropHeaders":"x"}')).toThrow(
      /source\.dropHeaders: must list header names/,
    );
    expect(readDeployedSource('S', '{"type":"mqtt","topic":"a/#","qos":1,"url":"mqtt://x"}')).toEqual({
      type: 'mqtt',
      topic: 'a/#',
    });
    expect(readDeployedSource('S', '{"type":"rabbitmq","queue":"q","url":"amqp://x"}')).toEqual({
      type: 'rabbitmq',
      queue: 'q',
    });
  });

  it.each([
    ['{', /S is not JSON/],
    ['[1]', /S must hold a JSON object/],
    [
      '{"type":"nats","subject":"x"}',
      /S is not valid: source\.type: must be a source type a Lambda trigger serves: kafka, rabbitmq, http, mqtt \(got "nats"; the others run in conflux run only\)/,
    ],
    ['{"type":"http","methods":["HEAD"]}', /source\.methods: must list some of POST/],
    ['{"type":"http","token":""}', /source\.token: must be a non-empty string/],
  ])('refuses %s, naming the field', (text, message) => {
    expect(() => readDeployedSource('S', text)).toThrow(message);
  });
});
