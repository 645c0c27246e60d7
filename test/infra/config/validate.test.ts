import { describe, expect, it } from 'vitest';
import { validateConfig, validateTask } from '../../../infra/config/validate.js';
import { file, problems, task, warnings } from './helpers.js';

describe('unknown keys', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['top level', file({ tasks: [task()], taks: [] }), 'taks: unknown key (did you mean "tasks"?)'],
    [
      'top level, nothing close',
      file({ owner: 'me' }),
      'owner: unknown key; allowed keys: version, quota, dialect, kafkaClusters, tasks, deploy',
    ],
    ['task', file({}, [task({ sonk: {} })]), 'tasks[0].sonk: unknown key (did you mean "sink"?)'],
    [
      'source',
      file({}, [task({ source: { type: 'kafka', topic: 'o', group: 'g' } })]),
      'tasks[0].source.group: unknown key; allowed keys: type, topic, brokers, consumerGroup, offset, valueFormat',
    ],
    [
      'sink',
      file({}, [task({ sink: { type: 'file', path: 'o', pth: 'x' } })]),
      'tasks[0].sink.pth: unknown key (did you mean "path"?)',
    ],
    [
      'stdout sink',
      file({}, [task({ sink: { type: 'stdout', path: 'o' } })]),
      'tasks[0].sink.path: unknown key; allowed keys: type',
    ],
    [
      'retry',
      file({}, [task({ retry: { policy: 'BACKOFF_RETRY', max: 3 } })]),
      'tasks[0].retry.max: unknown key; allowed keys: policy, timing',
    ],
    [
      'errors',
      file({}, [task({ errors: { tolerence: 'ALL' } })]),
      'tasks[0].errors.tolerence: unknown key (did you mean "tolerance"?)',
    ],
    [
      'dead letter',
      file({}, [task({ errors: { deadLetter: { type: 'kafka', topic: 'dlq', topics: 'x' } } })]),
      'tasks[0].errors.deadLetter.topics: unknown key (did you mean "topic"?)',
    ],
    [
      'nested in a source',
      file({}, [task({ source: { type: 'nats', subject: 's', jetstream: { stream: 'S', durabel: 'd' } } })]),
      'tasks[0].source.jetstream.durabel: unknown key (did you mean "durable"?)',
    ],
  ];
  it.each(cases)('%s', (_name, raw, line) => {
    expect(problems(raw)).toEqual([line]);
  });

  it('reports each unknown key of one mapping on its own line', () => {
    expect(problems(file({}, [task({ a: 1, b: 2 })]))).toEqual([
      'tasks[0].a: unknown key; allowed keys: name, description, source, filter, transform, sink, dialect, batch, concurrency, retry, errors, delivery',
      'tasks[0].b: unknown key; allowed keys: name, description, source, filter, transform, sink, dialect, batch, concurrency, retry, errors, delivery',
    ]);
  });
});

describe('task names', () => {
  it('rejects a duplicate name, pointing at the later task and naming the earlier', () => {
    const raw = file({}, [task({ name: 'a' }), task({ name: 'b' }), task({ name: 'a' })]);
    expect(problems(raw)).toEqual(['tasks[2].name: duplicate task name "a"; tasks[0] has it too']);
  });

  it('truncates a name over 127 characters with a warning, and still exits valid', () => {
    const long = `n${'x'.repeat(139)}`;
    const result = validateConfig(file({}, [task({ name: long })]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.tasks[0]!.name).toBe(long.slice(0, 127));
    expect(warnings(file({}, [task({ name: long })]))).toEqual([
      `tasks[0].name: warning: name is 140 characters, more than 127; truncated to "${long.slice(0, 127)}"`,
    ]);
  });

  it('keeps a name of exactly 127 characters without a warning', () => {
    const name = 'a'.repeat(127);
    const result = validateConfig(file({}, [task({ name })]));
    expect(result.ok && result.config.tasks[0]!.name).toBe(name);
    expect(result.warnings).toEqual([]);
  });

  it('counts names equal after truncation as duplicates', () => {
    const base = 'a'.repeat(127);
    const raw = file({}, [task({ name: `${base}x` }), task({ name: `${base}y` })]);
    expect(problems(raw)).toEqual([`tasks[1].name: duplicate task name "${base}"; tasks[0] has it too`]);
    expect(warnings(raw)).toHaveLength(2);
  });
});

describe('quota', () => {
  const tasks = (n: number) => Array.from({ length: n }, (_, i) => task({ name: `t${i}` }));
  it('allows 20 tasks by default and rejects 21', () => {
    expect(problems(file({}, tasks(20)))).toEqual([]);
    expect(problems(file({}, tasks(21)))).toEqual([
      'tasks: 21 tasks exceed the default quota of 20; raise quota or remove tasks',
    ]);
  });
  it('follows a custom quota both ways', () => {
    expect(problems(file({ quota: 2 }, tasks(3)))).toEqual([
      'tasks: 3 tasks exceed quota of 2; raise quota or remove tasks',
    ]);
    expect(problems(file({ quota: 30 }, tasks(21)))).toEqual([]);
  });
});

describe('filters and transforms', () => {
  it('checks filters with the pattern engine, paths inside the filter', () => {
    const lines = problems(file({}, [task({ filter: { data: { status: 'paid' } } })]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tasks\[0\]\.filter\.data\.status: \S/);
  });

  it('checks filters by the file dialect: alibaba rejects an empty prefix that aws accepts', () => {
    const filter = { source: [{ prefix: '' }] };
    expect(problems(file({}, [task({ filter })]))).toEqual([]);
    const lines = problems(file({ dialect: 'alibaba' }, [task({ filter })]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tasks\[0\]\.filter\.source(\[0\])?(\.prefix)?: \S/);
  });

  it("a task's TEMPLATE follows the file dialect: alibaba keeps an undeclared ${x}, aws refuses it", () => {
    const transform = { form: 'TEMPLATE', value: { a: '$.data' }, template: '${a} ${b}' };
    expect(problems(file({ dialect: 'alibaba' }, [task({ transform })]))).toEqual([]);
    const lines = problems(file({}, [task({ transform })]));
    expect(lines).toEqual(['tasks[0].transform.template: undeclared variable ${b}: declare it in value']);
    expect(validateTask(task({ transform }), { dialect: 'alibaba' }).ok).toBe(true);
    expect(validateTask(task({ transform }), { dialect: 'aws' }).ok).toBe(false);
  });

  it("checks a task's filter by its own dialect when it names one", () => {
    const filter = { source: [{ prefix: '' }] };
    expect(problems(file({}, [task({ filter, dialect: 'alibaba' })]))).toHaveLength(1);
    expect(problems(file({ dialect: 'alibaba' }, [task({ filter, dialect: 'aws' })]))).toEqual([]);
    expect(problems(file({}, [task({ dialect: 'azure' })]))[0]).toMatch(
      /^tasks\[0\]\.dialect: must be one of aws, alibaba/,
    );
  });

  it('takes a batch window (count 1 to 10,000, seconds 0 to 15) and kafkaClusters by id', () => {
    expect(
      problems(
        file({ kafkaClusters: { prod: { brokers: ['10.0.0.1:9092'] } } }, [
          task({ batch: { count: 100, seconds: 3 } }),
        ]),
      ),
    ).toEqual([]);
    expect(problems(file({}, [task({ batch: { count: 0, seconds: 16 } })]))).toEqual([
      'tasks[0].batch.count: must be an integer from 1 to 10000 (got 0)',
      'tasks[0].batch.seconds: must be an integer from 0 to 15 (got 16)',
    ]);
    expect(problems(file({ kafkaClusters: { prod: { brokers: [] } } }))).toEqual([
      'kafkaClusters.prod.brokers: must list at least one broker (omit brokers to use the embedded bus)',
    ]);
  });

  it('checks the task transform, paths inside the spec', () => {
    const lines = problems(file({}, [task({ transform: { form: 'JSONPAHT', value: '$.data' } })]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tasks\[0\]\.transform\.form: \S/);
  });

  it('does not take a plain string as a task transform (a typo would become a constant payload)', () => {
    expect(problems(file({}, [task({ transform: 'ORIGINAL' })]))).toHaveLength(1);
  });

  it('checks every sink field spec, paths inside the field', () => {
    const sink = {
      type: 'http',
      url: 'http://127.0.0.1:9/x',
      headers: { 'x-ok': '$.id', 'x-bad': { form: 'TEMPLATE', value: {}, template: '${missing}' } },
    };
    const lines = problems(file({}, [task({ sink })]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tasks\[0\]\.sink\.headers\.x-bad\.template: \S/);
  });
});

describe('all problems at once, in file order', () => {
  it('reports schema, name, quota, filter and spec problems together', () => {
    const raw = {
      version: 2,
      quota: 1,
      tasks: [
        task({ name: 'a', concurrency: 40, sonk: 1 }),
        task({ name: 'a', sink: { type: 'redis', command: 'get', key: { form: 'NOPE' } }, filter: { x: 1 } }),
      ],
    };
    const lines = problems(raw);
    expect(lines.map((line) => line.slice(0, line.indexOf(':')))).toEqual([
      'version',
      'tasks',
      'tasks[0].concurrency',
      'tasks[0].sonk',
      'tasks[1].name',
      'tasks[1].sink.command',
      'tasks[1].sink.key.form',
      'tasks[1].filter.x',
    ]);
  });

  it('puts a missing key after the other problems of its mapping', () => {
    const raw = file({}, [
      task({ sink: { type: 'postgres', tabel: 'x', columns: { id: '$.id' } } }),
      task({ name: 'b', concurrency: 0 }),
    ]);
    expect(problems(raw)).toEqual([
      'tasks[0].sink.tabel: unknown key (did you mean "table"?)',
      'tasks[0].sink.table: required: a table name',
      'tasks[0].sink.connectionString: required: connectionString, or host (with port, user, password, database)',
      'tasks[1].concurrency: must be an integer from 1 to 32 (got 0)',
    ]);
  });
});

describe('defaults', () => {
  it('fills every default in the typed config', () => {
    const result = validateConfig({ version: 1, tasks: [task()] });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      config: {
        version: 1,
        quota: 20,
        dialect: 'aws',
        kafkaClusters: {},
        tasks: [
          {
            name: 'orders-to-file',
            source: { type: 'kafka', topic: 'orders', offset: 'latest', consumerGroup: 'GID_conflux_orders-to-file' },
            transform: { form: 'ORIGINAL' },
            sink: { type: 'file', path: 'out.jsonl' },
            concurrency: 1,
            retry: { policy: 'BACKOFF_RETRY' },
            errors: { tolerance: 'ALL' },
          },
        ],
      },
    });
  });

  it('types each sink by its type, so the emulator reads its fields without casts', () => {
    const sink = { type: 'postgres', host: 'db', table: 'orders', columns: { id: '$.id' } };
    const result = validateConfig(file({}, [task({ sink })]));
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('; '));
    const typed = result.config.tasks[0]!.sink;
    expect(typed.type === 'postgres' ? [typed.table, typed.mode, typed.columns.id] : undefined).toEqual([
      'orders',
      'insert',
      { form: 'JSONPATH', value: '$.id' },
    ]);
  });

  it('keeps a given consumer group', () => {
    const result = validateConfig(
      file({}, [task({ source: { type: 'kafka', topic: 'o', consumerGroup: 'GID_mine' } })]),
    );
    expect(result.ok && result.config.tasks[0]!.source).toMatchObject({ consumerGroup: 'GID_mine' });
  });

  it('accepts a file with no tasks', () => {
    expect(validateConfig({ version: 1 })).toMatchObject({ ok: true, config: { tasks: [] } });
  });

  it('warns that a dead-letter target is never used with tolerance NONE', () => {
    const raw = file({}, [task({ errors: { tolerance: 'NONE', deadLetter: { type: 'stdout' } } })]);
    expect(problems(raw)).toEqual([]);
    expect(warnings(raw)).toEqual([
      'tasks[0].errors.deadLetter: warning: never used: with tolerance NONE a failing event stops the task instead of being dead-lettered',
    ]);
  });
});

describe('validateTask (the task API)', () => {
  it('returns the task with defaults, paths starting inside the task', () => {
    expect(validateTask(task())).toMatchObject({ ok: true, value: { concurrency: 1, name: 'orders-to-file' } });
    expect(validateTask(task({ concurrency: 33 }))).toEqual({
      ok: false,
      issues: [{ path: ['concurrency'], message: 'must be an integer from 1 to 32 (got 33)' }],
      warnings: [],
    });
  });

  it('checks the filter by the dialect it is given', () => {
    const raw = task({ filter: { source: [{ prefix: '' }] } });
    expect(validateTask(raw, { dialect: 'aws' }).ok).toBe(true);
    expect(validateTask(raw, { dialect: 'alibaba' }).ok).toBe(false);
  });
});
