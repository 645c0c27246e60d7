import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { openProducer } from '../../../bus/log/index.js';
import { compileTransform } from '../../../functions/transformers/compile.js';
import { JSONATA_BUDGET } from '../../../functions/transformers/jsonata/core.js';
import { validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';
import { runCli } from '../../helpers/cli.js';
import { waitFor } from '../../helpers/process.js';

/** Without a depth budget this grows the heap until the process aborts (~4 GB, then SIGABRT). */
const SELF_RECURSIVE = '($f := function($x){ $f($x) + 1 }; $f(1))';
const event: CloudEvent = { specversion: '1.0', id: 'e1', source: 's', type: 't', data: { n: 1 } };

describe('JSONATA budget', () => {
  it('stops runaway recursion, endless loops and doubling sequences with a permanent error', async () => {
    const cases = [
      [SELF_RECURSIVE, /nesting deeper than 1000/],
      ['($f := function($x){ $f($x) }; $f(1))', /ran longer than 1000 ms/], // tail call: a loop, not a stack
      ['($f := function($x){ $f($append($x, $x)) }; $f([1]))', /a sequence longer than 1000000 items/],
      ['($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d("x", 23))', /a result of more than/],
      // 2^40 leaves as JSON, a few objects in memory: stringifying it held the thread for minutes
      [
        '($f := function($x, $n){ $n = 0 ? $x : $f({"a": $x, "b": $x}, $n - 1) }; $f("x", 40))',
        /a result of more than 6291456 bytes/,
      ],
    ] as const;
    for (const [expression, reason] of cases) {
      const transform = compileTransform({ form: 'JSONATA', expression });
      const started = Date.now();
      const failure = await Promise.resolve(transform(event)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, expression).toMatchObject({ code: 'transform.expression-budget', retriable: false });
      expect((failure as Error).message).toMatch(reason);
      expect(Date.now() - started).toBeLessThan(JSONATA_BUDGET.timeoutMs + 2000);
    }
    // an ordinary recursion well inside the budget still works
    const factorial = '($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(20))';
    expect(await compileTransform({ form: 'JSONATA', expression: factorial })(event)).toEqual(['2432902008176640000']);
  });

  it('runs regular expressions in linear time; patterns that cannot are invalid at validation', async () => {
    const run = async (expression: string) => compileTransform({ form: 'JSONATA', expression })(event);
    const started = Date.now();
    // 34 s with the backtracking engine on this 28-character input; each further "a" doubles it
    expect(await run(`$contains("${'a'.repeat(5000)}!", /(a+)+b/)`)).toEqual(['false']);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await run('$replace("Hello World", /o/, "0")')).toEqual(['Hell0 W0rld']);
    expect(await run('$match("ab12cd34", /[a-z]+(\\d+)/).groups')).toEqual(['["12","34"]']);
    expect(await run('$split("a1b2c", /\\d/)')).toEqual(['["a","b","c"]']);
    expect(await run('$contains("ABC", /b/i)')).toEqual(['true']); // i: emulated (caseless.ts)
    for (const regex of ['/(a)\\1/', '/a(?=b)/', '/\\x41/i']) {
      expect(() => compileTransform({ form: 'JSONATA', expression: `$contains("ab", ${regex})` })).toThrow(
        /expression: regular expression .+ cannot run in linear time/,
      );
    }
  });

  it('answers the CLI tester, the API tester and a running task with the error, and the task goes on', async () => {
    const cli = await runCli(['transform', 'test', '--cases', '-'], {
      stdin: `${JSON.stringify({ id: 'r', transform: { form: 'JSONATA', expression: SELF_RECURSIVE }, event: JSON.stringify(event) })}\n`,
    });
    expect(JSON.parse(cli.stdout)).toEqual({
      id: 'r',
      result: 'error',
      error: expect.stringMatching(/over its budget/),
    });

    const dir = await mkdtemp(join(tmpdir(), 'conflux-jsonata-'));
    const valid = validateConfig({ version: 1, tasks: [] });
    if (!valid.ok) throw new Error('bad test config');
    const streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
    try {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`http://127.0.0.1:${streams.port}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const tested = await post('/api/test/transform', {
        transform: { form: 'JSONATA', expression: SELF_RECURSIVE },
        event: JSON.stringify(event),
      });
      expect(tested).toEqual({
        status: 200,
        body: { result: 'error', error: expect.stringMatching(/over its budget/) },
      });

      // recursion only for events whose value says so: the others are delivered
      const expression = `($f := function($x){ $f($x) + 1 }; data.value.bad ? $f(1) : data.value.n)`;
      const created = await post('/api/tasks', {
        name: 'budget',
        source: { type: 'kafka', topic: 'jsonata-budget', offset: 'earliest' },
        transform: { form: 'JSONATA', expression },
        sink: { type: 'file', path: 'out.jsonl' },
        errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'jsonata-budget-dlq' } },
      });
      expect(created.status).toBe(201);
      const producer = await openProducer({ log: streams.log });
      await producer.send('jsonata-budget', [
        { key: 'a', value: JSON.stringify({ n: 1 }) },
        { key: 'b', value: JSON.stringify({ bad: true }) },
        { key: 'c', value: JSON.stringify({ n: 3 }) },
      ]);
      await producer.close();
      const metrics = async () => (await streams.emulator.metrics('budget')).metrics;
      await waitFor(async () => (await metrics()).eventsOut + (await metrics()).deadLettered === 3, 'three settled');
      expect(await metrics()).toMatchObject({ eventsOut: 2, deadLettered: 1 });
      expect(streams.emulator.view('budget').state).toBe('running');
      const [letter] = await streams.emulator.deadLetters('budget');
      expect(letter?.deadLetter).toMatchObject({ attempts: 1, errorcode: 'transform.expression-budget' });
    } finally {
      await streams.close();
    }
  });
});
