import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleTesters } from '../../../infra/wire/console-testers.js';
import { corpusPresent, readCorpus } from '../../bus/pattern/corpus.js';
import { runCli } from '../../helpers/cli.js';

const event = { source: 'shop', detail: { status: 'paid', amount: 42 } };

describe('console pattern tester', () => {
  const testers = consoleTesters({ dialect: 'aws', baseDir: tmpdir() });

  it('answers match and no-match for a pattern given as JSON text or as an object', async () => {
    expect(await testers.testPattern({ pattern: '{"detail":{"status":["paid"]}}', event })).toEqual({
      result: 'match',
    });
    expect(
      await testers.testPattern({ pattern: { detail: { status: ['shipped'] } }, event: JSON.stringify(event) }),
    ).toEqual({
      result: 'no-match',
    });
  });

  it('gives the AWS-worded reason with its path for an invalid pattern, and says when the event is not JSON', async () => {
    expect(await testers.testPattern({ pattern: '{"detail":{"status":[{"prefix":1}]}}', event })).toEqual({
      result: 'invalid',
      error: 'Event pattern is not valid. Reason: prefix match pattern must be a string at $.detail.status[0].prefix',
    });
    const notJson = await testers.testPattern({ pattern: '{"source":["shop"]}', event: '{"source":' });
    expect(notJson.result).toBe('invalid');
    expect(notJson.error).toMatch(/^Parameter Event is not valid: /);
  });

  it("judges a pattern by the config's dialect unless the request names one", async () => {
    const alibaba = consoleTesters({ dialect: 'alibaba', baseDir: tmpdir() });
    const emptyPrefix = { pattern: '{"source":[{"prefix":""}]}', event };
    expect((await alibaba.testPattern(emptyPrefix)).result).toBe('invalid');
    expect(await alibaba.testPattern({ ...emptyPrefix, dialect: 'aws' })).toEqual({ result: 'match' });
    expect(await testers.testPattern(emptyPrefix)).toEqual({ result: 'match' });
  });

  it.skipIf(!corpusPresent())(
    'answers every localstack conformance case exactly as `conflux pattern test` does',
    async () => {
      const cases = readCorpus('localstack').filter((c) => c.event !== null);
      const lines = cases.map((c) =>
        JSON.stringify({ id: c.id, pattern: c.pattern, event: c.event, dialect: c.dialect }),
      );
      const cli = await runCli(['pattern', 'test', '--cases', '-'], { stdin: `${lines.join('\n')}\n` });
      const expected = cli.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const { id: _id, ...answer } = JSON.parse(line);
          return answer;
        });
      const answers = await Promise.all(
        cases.map((c) =>
          testers.testPattern({ pattern: c.pattern, event: c.event, ...(c.dialect ? { dialect: c.dialect } : {}) }),
        ),
      );
      expect(answers).toEqual(expected);
      expect(new Set(answers.map((a) => a.result))).toEqual(new Set(['match', 'no-match', 'invalid']));
    },
  );
});

describe('console transform tester', () => {
  const sample = { id: 'e1', data: { value: { id: 'o-1', items: [1, 2] } } };

  it('answers ok with the outputs a sink would receive', async () => {
    const testers = consoleTesters({ dialect: 'aws', baseDir: tmpdir() });
    const template = {
      form: 'TEMPLATE',
      value: { id: '$.data.value.id', n: '$.data.value.items' },
      template: '${id}:${n}',
    };
    expect(await testers.testTransform({ transform: template, event: JSON.stringify(sample) })).toEqual({
      result: 'ok',
      outputs: ['o-1:[1,2]'],
    });
    expect(await testers.testTransform({ transform: { form: 'ORIGINAL' }, event: sample })).toEqual({
      result: 'ok',
      outputs: [JSON.stringify(sample)],
    });
  });

  it('tells an invalid spec (invalid) from an event it fails on (error)', async () => {
    const testers = consoleTesters({ dialect: 'aws', baseDir: tmpdir() });
    const invalid = await testers.testTransform({
      transform: { form: 'TEMPLATE', value: {}, template: '${x}' },
      event: sample,
    });
    expect(invalid.result).toBe('invalid');
    expect(invalid).toHaveProperty('error', expect.stringContaining('x'));
    expect(
      await testers.testTransform({ transform: { form: 'JSONPATH', value: '$.data.nope' }, event: sample }),
    ).toEqual({
      result: 'error',
      error: '$.data.nope: nothing selected',
    });
    const badEvent = await testers.testTransform({ transform: { form: 'ORIGINAL' }, event: '{"id":' });
    expect(badEvent.result).toBe('error');
  });

  it('runs a FUNCTION handler from the config folder, and names a handler file that is not there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-console-fn-'));
    await writeFile(
      join(dir, 'ids.mjs'),
      'export const handler = async (event) => JSON.parse(event.toString()).map((e) => `id=${e.id}`);\n' +
        "export const broken = async () => { throw new Error('handler says no'); };\n",
    );
    const testers = consoleTesters({ dialect: 'aws', baseDir: dir });
    expect(
      await testers.testTransform({ transform: { form: 'FUNCTION', handler: 'ids.mjs#handler' }, event: sample }),
    ).toEqual({
      result: 'ok',
      outputs: ['id=e1'],
    });
    const broken = await testers.testTransform({
      transform: { form: 'FUNCTION', handler: 'ids.mjs#broken' },
      event: sample,
    });
    expect(broken).toMatchObject({ result: 'error', error: expect.stringContaining('handler says no') });
    const missing = await testers.testTransform({
      transform: { form: 'FUNCTION', handler: 'nope.mjs#handler' },
      event: sample,
    });
    expect(missing).toEqual({ result: 'invalid', error: 'handler: handler file not found: nope.mjs' });
  });
});
