import { describe, expect, it } from 'vitest';
import { formatIssue, formatWarning } from '../../../infra/config/format.js';
import { validateConfig } from '../../../infra/config/validate.js';
import { file, problems, task, warnings } from './helpers.js';

/** ApsaraMQ for Kafka's documented limits, each checked at its limit n (valid) and at n + 1 (not). */

const strict = (raw: unknown) => {
  const result = validateConfig(raw, { strictAlibaba: true });
  return result.ok ? [] : result.issues.map((issue) => formatIssue(issue));
};
const tasks = (n: number) => Array.from({ length: n }, (_, i) => task({ name: `t${i}` }));
const withTransform = (transform: unknown) => file({}, [task({ transform })]);

describe('the 20-task quota', () => {
  it('20 tasks are valid, 21 are not, unless quota says more', () => {
    expect(problems(file({}, tasks(20)))).toEqual([]);
    expect(problems(file({}, tasks(21)))).toEqual([
      'tasks: 21 tasks exceed the default quota of 20; raise quota or remove tasks',
    ]);
  });

  it('quota: 20 goes unremarked; quota: 21 is allowed with a warning that the real service caps it at 20', () => {
    expect(warnings(file({ quota: 20 }))).toEqual([]);
    expect(warnings(file({ quota: 21 }))).toEqual([
      "quota: warning: quota 21 is above ApsaraMQ for Kafka's 20 connector tasks; the hosted service raises it only through a support ticket",
    ]);
    expect(problems(file({ quota: 21 }, tasks(21)))).toEqual([]);
  });

  it('--strict-alibaba makes quota 21, or 21 tasks, an error', () => {
    expect(strict(file({ quota: 20 }, tasks(20)))).toEqual([]);
    expect(strict(file({ quota: 21 }, tasks(21)))).toEqual([
      "tasks: 21 tasks exceed ApsaraMQ's quota of 20 (--strict-alibaba)", // file order: tasks come first here
      "quota: quota 21 is above ApsaraMQ for Kafka's 20 connector tasks; the hosted service raises it only through a support ticket (--strict-alibaba)",
    ]);
  });
});

describe('transform values', () => {
  it.each([
    [
      'CONSTANT value',
      (n: number) => ({ form: 'CONSTANT', value: 'c'.repeat(n) }),
      'tasks[0].transform.value: value is',
    ],
    [
      'JSONPATH path',
      (n: number) => ({ form: 'JSONPATH', value: `$.${'p'.repeat(n - 2)}` }),
      'tasks[0].transform.value: value is',
    ],
    [
      'TEMPLATE variable',
      (n: number) => ({ form: 'TEMPLATE', value: { v: `$.${'p'.repeat(n - 2)}` }, template: '${v}' }),
      'tasks[0].transform.value.v: is',
    ],
    [
      'TEMPLATE variables together',
      (n: number) => ({
        form: 'TEMPLATE',
        value: { a: 'a'.repeat(512), b: 'b'.repeat(n - 512) },
        template: '${a}${b}',
      }),
      'tasks[0].transform.value: the variables are',
    ],
  ])('%s: 1,024 characters are valid, 1,025 are not', (_what, spec, message) => {
    expect(problems(withTransform(spec(1024)))).toEqual([]);
    expect(problems(withTransform(spec(1025)))).toEqual([
      expect.stringContaining(`${message} 1025 characters`) as string,
    ]);
    expect(problems(withTransform(spec(1025)))[0]).toMatch(/at most 1024 are allowed$/);
  });

  it('a template of 10,240 characters is valid, 10,241 is not', () => {
    const template = (n: number) => ({ form: 'TEMPLATE', value: {}, template: 't'.repeat(n) });
    expect(problems(withTransform(template(10_240)))).toEqual([]);
    expect(problems(withTransform(template(10_241)))).toEqual([
      'tasks[0].transform.template: template is 10241 characters; at most 10240 are allowed',
    ]);
  });

  it('the limits bind transforms of sink fields too (a Kafka key)', () => {
    const sink = (n: number) => ({ type: 'kafka', topic: 'out', key: { form: 'CONSTANT', value: 'k'.repeat(n) } });
    expect(problems(file({}, [task({ sink: sink(1024) })]))).toEqual([]);
    expect(problems(file({}, [task({ sink: sink(1025) })]))).toEqual([
      'tasks[0].sink.key.value: value is 1025 characters; at most 1024 are allowed',
    ]);
  });
});

describe('alibaba dialect: five expressions per field', () => {
  const filtered = (n: number, dialect?: string) =>
    file(dialect === undefined ? {} : { dialect }, [
      task({ filter: { data: { value: { status: Array.from({ length: n }, (_, i) => `s${i}`) } } } }),
    ]);

  it('five are valid, six are not, in the alibaba dialect and under --strict-alibaba; aws has no such limit', () => {
    const six =
      'tasks[0].filter.data.value.status: Invalid event pattern: At most 5 expressions are allowed per field (alibaba dialect)';
    expect(problems(filtered(5, 'alibaba'))).toEqual([]);
    expect(problems(filtered(6, 'alibaba'))).toEqual([expect.stringContaining('At most 5 expressions') as string]);
    expect(problems(filtered(6))).toEqual([]);
    expect(strict(filtered(5))).toEqual([]);
    expect(strict(filtered(6))).toEqual([expect.stringContaining(six.split(': Invalid')[0]!) as string]);
  });
});

describe('--strict-alibaba: names and forms', () => {
  it('a name of 127 characters is valid, 128 is an error (not a warning that it is cut)', () => {
    const named = (n: number) => file({}, [task({ name: 'n'.repeat(n) })]);
    expect(strict(named(127))).toEqual([]);
    expect(strict(named(128))).toEqual([
      'tasks[0].name: is 128 characters; Alibaba allows at most 127 (--strict-alibaba)',
    ]);
    expect(validateConfig(named(128), { strictAlibaba: true }).warnings.map((w) => formatWarning(w))).toEqual([]);
    expect(problems(named(128))).toEqual([]);
  });

  it('JSONATA, in the transform or a sink field, is an error', () => {
    const jsonata = { form: 'JSONATA', expression: '$.data' };
    expect(strict(file({}, [task({ transform: jsonata })]))).toEqual([
      'tasks[0].transform.form: JSONATA is a conflux extension ApsaraMQ lacks (--strict-alibaba)',
    ]);
    expect(strict(file({}, [task({ sink: { type: 'kafka', topic: 'o', key: jsonata } })]))).toEqual([
      'tasks[0].sink.key.form: JSONATA is a conflux extension ApsaraMQ lacks (--strict-alibaba)',
    ]);
    expect(problems(file({}, [task({ transform: jsonata })]))).toEqual([]);
  });
});
