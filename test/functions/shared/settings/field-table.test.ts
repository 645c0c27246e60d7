import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecret } from '../../../../functions/shared/settings/config-fields.js';
import { checkWith } from '../../../../functions/shared/settings/config-issues.js';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import {
  anyText,
  boolean,
  brokers,
  integer,
  list,
  listOf,
  object,
  oneOf,
  optional,
  regex,
  required,
  spec,
  specs,
  text,
  textOr,
  topic,
  url,
  withDefault,
} from '../../../../functions/shared/settings/field-table.js';
import { configSchema } from '../../../../functions/shared/settings/field-zod.js';

// One table with every field kind, each presence, a name rule and a cross-field check: the zod
// schema and the deployed check generated from it must give the same verdicts, values and paths.
const every = {
  type: 'every' as const,
  doc: 'Every kind of field.',
  fields: {
    name: required(text('a name'), 'A name.'),
    code: optional(text('a code', { pattern: /^[a-z]+#\d$/, mismatch: 'a code like ab#1' }), 'A code.'),
    note: withDefault(anyText(), '', 'A note.'),
    count: withDefault(integer(1, 10), 3, 'A count.'),
    on: optional(boolean(), 'A switch.'),
    level: withDefault(oneOf([0, 1, 'all']), 'all', 'A level.'),
    endpoint: optional(url(['http', 'https']), 'An endpoint.', { secret: true }),
    topic: optional(topic(), 'A topic.'),
    brokers: optional(brokers(), 'Brokers.'),
    key: optional(spec(), 'A key.'),
    columns: optional(
      specs({ pattern: /^[a-z]+$/, message: 'a column name must be lowercase letters', empty: 'must name a column' }),
      'Columns.',
    ),
    servers: withDefault(list(1, 'must list a server', 'a server'), ['s:1'], 'Servers.'),
    methods: optional(listOf(oneOf(['GET', 'POST']), 1, 'must list a method'), 'Methods.'),
    pattern: optional(regex('a pattern'), 'A pattern.'),
    group: optional(
      textOr('a group, or {name, existing}', {
        name: required(text('a group'), 'A group.'),
        existing: optional(boolean(), 'Existing.'),
      }),
      'A group.',
    ),
    files: optional(listOf(text('a file'), 1, 'must list a file', 'a list of files'), 'Files.'),
    nested: optional(
      object({ id: required(text('an id'), 'An id.'), size: withDefault(integer(1, 5), 2, 'A size.') }),
      'A nested mapping.',
    ),
    names: optional(listOf(text('a name', { pattern: /^[a-z]+$/, mismatch: 'lowercase' }), 0, ''), 'Names.'),
  },
  refine: (value: Record<string, unknown>, issues: { path: (string | number)[]; message: string }[]) => {
    if (value.on !== undefined && value.count !== 3) issues.push({ path: ['on'], message: 'only with count 3' });
  },
};

const schema = configSchema(every);
const check = settingsCheck(every);

const pathsOf = (issues: { path: (string | number)[] }[]) =>
  [...new Set(issues.map((issue) => JSON.stringify(issue.path)))].sort();

function agree(raw: unknown): void {
  const reference = checkWith(schema, raw);
  const mine = check(raw);
  if (reference.ok) {
    expect(mine.issues).toEqual([]);
    expect(mine.value).toEqual(reference.value);
  } else {
    expect(mine.issues).not.toEqual([]);
    // zod skips an object's refinement once a field has the wrong JS type (an aborting issue); the
    // deployed check still runs it, so on input rejected anyway it may point at one more field.
    const extra = pathsOf(mine.issues).filter((path) => !pathsOf(reference.issues).includes(path));
    expect(extra.filter((path) => path !== '["on"]')).toEqual([]);
    expect(pathsOf(reference.issues).filter((path) => !pathsOf(mine.issues).includes(path))).toEqual([]);
  }
}

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
const specArb = fc.oneof(
  fc.constantFrom('$.a', 'k', '$.', ''),
  fc.record({ form: fc.constantFrom('CONSTANT', 'JSONPATH', 'X'), value: fc.string({ maxLength: 3 }) }),
);
const settings = fc.record(
  {
    type: fc.constantFrom('every', 'other'),
    name: maybe(fc.constantFrom('n', '')),
    code: maybe(fc.constantFrom('ab#1', 'ab#', '#1')),
    note: maybe(fc.constantFrom('', 'x')),
    count: maybe(fc.constantFrom(1, 3, 10, 11, 0, 2.5)),
    on: maybe(fc.boolean()),
    level: maybe(fc.constantFrom(0, 1, 'all', 2, 'ALL')),
    endpoint: maybe(fc.constantFrom('http://h', 'ftp://h', 'no url')),
    topic: maybe(fc.constantFrom('t', '', 'a b', '..')),
    brokers: maybe(fc.array(fc.constantFrom('a:1', 'b', ' :1'), { maxLength: 3 })),
    key: maybe(specArb),
    columns: maybe(fc.dictionary(fc.constantFrom('a', 'B', ''), specArb, { maxKeys: 3 })),
    servers: maybe(fc.array(fc.constantFrom('s:1', '', 3), { maxLength: 2 })),
    methods: maybe(fc.array(fc.constantFrom('GET', 'POST', 'get', ''), { maxLength: 2 })),
    pattern: maybe(fc.constantFrom('^a', '(', '')),
    group: maybe(
      fc.oneof(
        fc.constantFrom('g', ''),
        fc.record(
          { name: maybe(fc.constantFrom('g', '')), existing: maybe(fc.boolean()), more: fc.constant(1) },
          { requiredKeys: [] },
        ),
      ),
    ),
    files: maybe(fc.array(fc.constantFrom('f', ''), { maxLength: 2 })),
    nested: maybe(
      fc.record(
        { id: maybe(fc.constantFrom('a', '')), size: maybe(fc.constantFrom(1, 6)), more: fc.constant(1) },
        { requiredKeys: [] },
      ),
    ),
    names: maybe(fc.array(fc.constantFrom('ab', 'A', '', 1), { maxLength: 2 })),
    extra: fc.constant(1),
  },
  { requiredKeys: [] },
);

describe('a field table', () => {
  it('generates a zod schema and a deployed check that agree on every input (property)', () => {
    fc.assert(fc.property(fc.oneof(settings, junk, fc.constant([])), agree), { numRuns: 2000 });
  });

  it('fills defaults and keeps the literal type', () => {
    expect(check({ type: 'every', name: 'n' })).toEqual({
      value: { type: 'every', name: 'n', note: '', count: 3, level: 'all', servers: ['s:1'] },
      issues: [],
    });
    expect(checkWith(schema, { type: 'every', name: 'n' })).toEqual({
      ok: true,
      value: check({ type: 'every', name: 'n' }).value,
    });
  });

  it('words a problem the same way on both sides where the field sets its own words', () => {
    const raw = { type: 'every', name: 'n', count: 40, level: 'alll', columns: { A: '$.a' } };
    const reference = checkWith(schema, raw);
    expect(reference).toEqual({
      ok: false,
      issues: [
        { path: ['count'], message: 'must be an integer from 1 to 10 (got 40)' },
        { path: ['level'], message: 'must be one of 0, 1, all (got "alll"); did you mean "all"?' },
        { path: ['columns', 'A'], message: 'a column name must be lowercase letters' },
      ],
    });
    expect(check(raw).issues).toContainEqual({
      path: ['columns', 'A'],
      message: 'a column name must be lowercase letters',
    });
  });

  it('marks secret fields on the schema and describes every field with its doc', () => {
    const shape = (schema as unknown as { shape: Record<string, Parameters<typeof isSecret>[0]> }).shape;
    expect(Object.keys(shape).filter((name) => isSecret(shape[name]!))).toEqual(['endpoint']);
    expect(shape.count!.description).toBe('A count.');
    expect(configSchema(every)).toBe(schema);
  });
});
