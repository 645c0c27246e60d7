import { describe, expect, it } from 'vitest';
import { substitute } from '../../../functions/transformers/template/substitute.js';
import { runCli } from '../../helpers/cli.js';

// Alibaba's transform rules (apache/rocketmq-eventbridge tools/transform/) under dialect alibaba,
// conflux's own under aws and by default — each rule through `conflux transform test`, both ways.

interface Answer {
  id: string;
  result: string;
  outputs?: string[];
  error?: string;
}

async function transformTest(lines: object[]): Promise<Map<string, Answer>> {
  const stdin = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
  const result = await runCli(['transform', 'test', '--cases', '-'], { stdin });
  expect(result.code).toBe(0);
  const answers = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Answer);
  return new Map(answers.map((a) => [a.id, a]));
}

const EVENT = '{ "id": "e1", "source": "s",  "data": {"n": 3.0e2, "name": "box", "empty": ""} }';

/** The same case under both dialects: ids `<id>/aws` and `<id>/alibaba`. */
const both = (id: string, transform: object, event = EVENT) => [
  { id: `${id}/aws`, transform, event },
  { id: `${id}/alibaba`, transform, event, dialect: 'alibaba' },
];

describe('transforms in the alibaba dialect (conflux transform test)', () => {
  it('applies each rule under alibaba and keeps conflux rules under aws', async () => {
    const template = (t: string, value: object = { name: '$.data.name', gone: '$.data.missing' }) => ({
      form: 'TEMPLATE',
      value,
      template: t,
    });
    const answers = await transformTest([
      ...both('original', { form: 'ORIGINAL' }),
      ...both('jsonpath-nothing', { form: 'JSONPATH', value: '$.data.missing' }),
      ...both('undeclared', template('${name} ${other}')),
      ...both('selects-nothing', template('[${gone}]')),
      ...both('escape', template('$${name}')),
      ...both('default', template('${gone:-none} ${name:-x}')),
      ...both('empty-value', template('[${e}]', { e: '$.data.empty' })),
      { id: 'bad-dialect', transform: { form: 'ORIGINAL' }, event: EVENT, dialect: 'gcp' },
    ]);
    const get = (id: string) => answers.get(id)!;
    // ORIGINAL: the event text byte for byte / compact JSON.
    expect(get('original/alibaba').outputs).toEqual([EVENT]);
    expect(get('original/aws').outputs).toEqual([JSON.stringify(JSON.parse(EVENT))]);
    // JSONPATH selecting nothing: a null output / an error.
    expect(get('jsonpath-nothing/alibaba').outputs).toEqual(['null']);
    expect(get('jsonpath-nothing/aws')).toMatchObject({ result: 'error' });
    // An undeclared variable stays as written / the spec is invalid.
    expect(get('undeclared/alibaba').outputs).toEqual(['box ${other}']);
    expect(get('undeclared/aws')).toMatchObject({ result: 'invalid' });
    expect(get('undeclared/aws').error).toMatch(/undeclared variable \$\{other\}/);
    // A path selecting nothing leaves ${name} / gives "".
    expect(get('selects-nothing/alibaba').outputs).toEqual(['[${gone}]']);
    expect(get('selects-nothing/aws').outputs).toEqual(['[]']);
    // $${x} is the literal ${x} / plain substitution after a literal $.
    expect(get('escape/alibaba').outputs).toEqual(['${name}']);
    expect(get('escape/aws').outputs).toEqual(['$box']);
    // ${x:-default} / not a variable at all.
    expect(get('default/alibaba').outputs).toEqual(['none box']);
    expect(get('default/aws').outputs).toEqual(['${gone:-none} ${name:-x}']);
    // An empty string is a value: substituted in both.
    expect(get('empty-value/alibaba').outputs).toEqual(['[]']);
    expect(get('empty-value/aws').outputs).toEqual(['[]']);
    expect(get('bad-dialect')).toEqual({
      id: 'bad-dialect',
      result: 'invalid',
      error: 'dialect must be aws or alibaba',
    });
  });

  it('transform run takes --dialect', async () => {
    const spec = JSON.stringify({ form: 'JSONPATH', value: '$.data.missing' });
    const alibaba = await runCli(['transform', 'run', '--spec', spec, '--event', EVENT, '--dialect', 'alibaba']);
    expect(alibaba.stdout).toBe('null\n');
    const aws = await runCli(['transform', 'run', '--spec', spec, '--event', EVENT]);
    expect(aws.code).toBe(1);
    const original = JSON.stringify({ form: 'ORIGINAL' });
    const asGiven = await runCli(['transform', 'run', '--spec', original, '--event', EVENT, '--dialect', 'alibaba']);
    expect(asGiven.stdout).toBe(`${EVENT}\n`);
    const compact = await runCli(['transform', 'run', '--spec', original, '--event', EVENT]);
    expect(compact.stdout).toBe(`${JSON.stringify(JSON.parse(EVENT))}\n`);
    const bad = await runCli(['transform', 'run', '--spec', spec, '--event', EVENT, '--dialect', 'x']);
    expect(bad.code).toBe(2);
  });
});

describe('substitute (Commons Text StringSubstitutor defaults)', () => {
  const values = new Map([
    ['a', '1'],
    ['b', '${a}+${a}'],
    ['loop', '${loop2}'],
    ['loop2', '${loop}'],
  ]);
  it.each([
    ['${a}', '1'],
    ['$${a}', '${a}'],
    ['$$${a}', '$${a}'],
    ['${b}', '1+1'],
    ['${x:-${a}}', '${a}'], // the first } ends the name, as with Commons Text's defaults
    ['${x:-d}${a', 'd${a'],
    ['${}', '${}'],
    ['no variables', 'no variables'],
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, values)).toBe(expected);
  });

  it('a loop is an error naming the variables', () => {
    expect(() => substitute('${loop}', values)).toThrow(/loop → loop2 → loop/);
  });
});
