import { describe, expect, it } from 'vitest';
import { taskEventOf } from '../../../../bus/emulator/eventbridge/event.js';
import type { AwsEvent } from '../../../../bus/emulator/eventbridge/types.js';

const event: AwsEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Order',
  source: 'shop',
  account: '000000000000',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { n: 1 },
};

describe('what a task receives for each kind of target output', () => {
  it('the whole event: the AWS-shaped event itself', () => {
    expect(taskEventOf({ kind: 'event' }, event)).toBe(event);
  });

  it('a JSON object: the object as written, nothing added', () => {
    const got = taskEventOf({ kind: 'input', text: '{"n":1}', value: { n: 1 } }, event);
    expect(JSON.stringify(got)).toBe('{"n":1}');
    expect(Object.getOwnPropertyNames(got)).toEqual(['n']);
  });

  it('a JSON object with its own id keeps that id, whatever its type', () => {
    expect(taskEventOf({ kind: 'input', text: '{"id":7}', value: { id: 7 } }, event)).toEqual({ id: 7 });
    expect(JSON.stringify(taskEventOf({ kind: 'input', text: '{"id":"x"}', value: { id: 'x' } }, event))).toBe(
      '{"id":"x"}',
    );
  });

  it.each([
    ['a JSON string', { kind: 'input', text: '"paid"', value: 'paid' }, 'application/json', 'paid'],
    ['a JSON array', { kind: 'input', text: '[1]', value: [1] }, 'application/json', [1]],
    ['JSON null', { kind: 'input', text: 'null', value: null }, 'application/json', null],
    ['plain text', { kind: 'input', text: 'order 1 paid' }, 'text/plain', 'order 1 paid'],
  ] as const)('%s: a CloudEvent of the matched event with it as data', (_, output, type, data) => {
    expect(taskEventOf(output as Parameters<typeof taskEventOf>[0], event)).toEqual({
      specversion: '1.0',
      id: 'e-1',
      source: 'shop',
      type: 'Order',
      time: '2026-01-01T00:00:00Z',
      datacontenttype: type,
      data,
    });
  });
});
