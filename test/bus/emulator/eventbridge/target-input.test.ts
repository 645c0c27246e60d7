import { describe, expect, it } from 'vitest';
import {
  compileTargetInput,
  type TargetInputSpec,
  type TargetOutput,
} from '../../../../bus/emulator/eventbridge/target-input.js';
import type { AwsEvent } from '../../../../bus/emulator/eventbridge/types.js';
import type { Json } from '../../../../bus/event.js';

// The EC2 event of AWS's "Amazon EventBridge input transformation" page, and its InputPathsMap.
const ec2: AwsEvent = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};
const paths = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
const context = {
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: new Date('2015-11-11T21:29:55.123Z'),
};

const run = (spec: Omit<TargetInputSpec, 'id'>, event: AwsEvent = ec2): TargetOutput =>
  compileTargetInput({ id: 't1', ...spec }, 0).apply(event, context);

/** The text a template makes from `event` with `map` (default: the AWS page's paths). */
const fill = (template: string, map: Record<string, string> = paths, event: AwsEvent = ec2): string => {
  const output = run({ transformer: { paths: map, template } }, event);
  if (output.kind !== 'input') throw new Error('expected an input');
  return output.text;
};

const withDetail = (detail: { [key: string]: Json }): AwsEvent => ({ ...ec2, detail });

describe("AWS's input transformer examples (userguide: eb-transform-target-input)", () => {
  it.each([
    ['simple string', '"instance <instance> is in <state>"', '"instance i-0123456789 is in RUNNING"'],
    [
      'string with escaped quotes',
      '"instance \\"<instance>\\" is in <state>"',
      '"instance \\"i-0123456789\\" is in RUNNING"',
    ],
    [
      'simple JSON',
      '{\n  "instance" : <instance>,\n  "state": <state>\n}',
      '{\n  "instance" : "i-0123456789",\n  "state": "RUNNING"\n}',
    ],
    [
      'JSON with strings and variables',
      '{\n "instance" : <instance>,\n "state": "<state>",\n "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}',
      '{\n "instance" : "i-0123456789",\n "state": "RUNNING",\n "instanceStatus": "instance \\"i-0123456789\\" is in RUNNING"\n}',
    ],
    [
      'JSON with a mix of variables and static information',
      '{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}',
      '{\n  "instance" : "i-0123456789",\n  "state": [ 9, "RUNNING", true ],\n  "Transformed" : "Yes"\n}',
    ],
    ['reserved variables in a string', '"<aws.events.rule-name> triggered"', '"example triggered"'],
    ['a plain-text template (API reference)', '<instance> is in state <state>', 'i-0123456789 is in state RUNNING'],
    [
      'JSON with variables in quotes and out (API reference)',
      '{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<state>\\""}',
      '{"myInstance": "i-0123456789","myStatus": "i-0123456789 is in state \\"RUNNING\\""}',
    ],
  ])('%s', (_, template, expected) => {
    expect(fill(template)).toBe(expected);
  });

  it('reserved variables in JSON: the rule, and the original event (with and without detail)', () => {
    const text = fill(
      '{"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, ' +
        '"at": <aws.events.event.ingestion-time>, "originalEvent": <aws.events.event>, "json": <aws.events.event.json>}',
    );
    expect(JSON.parse(text)).toEqual({
      instance: 'i-0123456789',
      ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
      ruleName: 'example',
      at: '2015-11-11T21:29:55Z',
      // AWS's shape of <aws.events.event>: no detail, `detailType` for `detail-type`.
      originalEvent: {
        id: ec2.id,
        account: '123456789012',
        detailType: 'EC2 Instance State-change Notification',
        time: '2015-11-11T21:29:54Z',
        source: 'aws.ec2',
        region: 'us-east-1',
        resources: ec2.resources,
        version: '0',
      },
      json: ec2,
    });
  });
});

describe('placeholders: what a value becomes where it sits', () => {
  const event = withDetail({
    text: 'say "hi"\\ to\nÜmlaut ✓ 😀',
    n: 42,
    f: -1.5e-7,
    yes: true,
    none: null,
    obj: { a: 'x"y', b: [1, { c: 'd' }] },
    list: ['a', 2],
  });
  const map = {
    text: '$.detail.text',
    n: '$.detail.n',
    f: '$.detail.f',
    yes: '$.detail.yes',
    none: '$.detail.none',
    obj: '$.detail.obj',
    list: '$.detail.list',
    missing: '$.detail.nope.deeper',
  };

  it('outside quotes: the value as JSON (strings quoted, unicode kept); a missing path gives ""', () => {
    const text = fill(
      '{"t": <text>, "n": <n>, "f": <f>, "y": <yes>, "z": <none>, "o": <obj>, "l": <list>, "m": <missing>}',
      map,
      event,
    );
    expect(JSON.parse(text)).toEqual({
      t: 'say "hi"\\ to\nÜmlaut ✓ 😀',
      n: 42,
      f: -1.5e-7,
      y: true,
      z: null,
      o: { a: 'x"y', b: [1, { c: 'd' }] },
      l: ['a', 2],
      m: '',
    });
  });

  it('inside a JSON string: the text, escaped for JSON; objects lose their quotes; missing is empty', () => {
    const text = fill('{"s": "<text>|<n>|<f>|<yes>|<none>|<missing>|<list>|<obj>"}', map, event);
    expect(JSON.parse(text)).toEqual({
      s: 'say "hi"\\ to\nÜmlaut ✓ 😀|42|-1.5e-7|true|null||[a,2]|{a:x"y,b:[1,{c:d}]}',
    });
  });

  it('in a plain-text template: strings as they are (not escaped), other values as JSON', () => {
    expect(fill('<text> / <n> / <obj> / <missing>.', map, event)).toBe(
      'say "hi"\\ to\nÜmlaut ✓ 😀 / 42 / {"a":"x\\"y","b":[1,{"c":"d"}]} / .',
    );
  });

  it('a template that is only a placeholder gives the JSON of the value', () => {
    expect(run({ transformer: { paths: { d: '$.detail' }, template: '<d>' } })).toEqual({
      kind: 'input',
      text: '{"instance-id":"i-0123456789","state":"RUNNING"}',
      value: ec2.detail,
    });
  });

  it('paths: $, array indices, wildcards, slashes in names', () => {
    const event = withDetail({ items: [{ id: 'a' }, { id: 'b' }], 'a/b': 'slash' });
    const map = { all: '$', first: '$.resources[0]', second: '$.detail.items[1].id', ids: '$.detail.items.*.id' };
    const text = fill(
      '{"v": <all>, "r": <first>, "s": <second>, "ids": <ids>, "x": <slash>}',
      { ...map, slash: '$.detail.a/b' },
      event,
    );
    expect(JSON.parse(text)).toEqual({ v: event, r: ec2.resources[0], s: 'b', ids: ['a', 'b'], x: 'slash' });
    expect(fill('"<none>"', { none: '$.detail.items[5]' }, event)).toBe('""');
  });

  it('a "<" that starts no placeholder stays text', () => {
    expect(fill('"a < b and c > d"')).toBe('"a < b and c > d"');
  });
});

describe('Input and InputPath', () => {
  it('no settings: the whole event', () => {
    expect(run({})).toEqual({ kind: 'event' });
  });

  it('Input: the constant JSON, for every event', () => {
    expect(run({ input: '{"fixed": ["ü", 1]}' })).toEqual({
      kind: 'input',
      text: '{"fixed": ["ü", 1]}',
      value: { fixed: ['ü', 1] },
    });
  });

  it('InputPath: the JSON selected; a string value is JSON text; nothing selected gives null', () => {
    expect(run({ inputPath: '$.detail' })).toEqual({
      kind: 'input',
      text: JSON.stringify(ec2.detail),
      value: ec2.detail,
    });
    expect(run({ inputPath: '$.detail.state' })).toEqual({ kind: 'input', text: '"RUNNING"', value: 'RUNNING' });
    expect(run({ inputPath: '$.detail.gone' })).toEqual({ kind: 'input', text: 'null', value: null });
  });
});
