import { describe, expect, it } from 'vitest';
import { planRestore, sameDefinition } from '../../../../bus/emulator/store/restore.js';
import type { StoredTask } from '../../../../bus/emulator/store/task-store.js';
import { JsonNumber } from '../../../../bus/pattern/index.js';
import { checkTaskUpdate } from '../../../../infra/config/update.js';

interface Definition {
  name: string;
  source: { type: string; topic?: string };
  sink: { type: string; path?: string };
}
const def = (name: string, sink = 'file', path = 'out.jsonl'): Definition => ({
  name,
  source: { type: 'kafka', topic: 't' },
  sink: { type: sink, path },
});

function stored(definition: Definition, extra: Partial<StoredTask<Definition>> = {}): StoredTask<Definition> {
  return {
    name: definition.name,
    definition,
    state: 'running',
    sourceType: definition.source.type,
    sinkType: definition.sink.type,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    origin: 'file',
    fileDefinition: definition,
    ...extra,
  };
}

describe('planRestore', () => {
  it("keeps the file's own definition when the API did not edit it: its numbers are not rounded by the JSON store", () => {
    const exact = { ...def('a'), filter: { data: { n: [new JsonNumber('9007199254740993')] } } };
    const rounded = JSON.parse(JSON.stringify(exact)) as typeof exact; // as tasks.json gives it back
    const plan = planRestore([stored(rounded, { state: 'paused' })], [exact], checkTaskUpdate);
    expect(plan.ok && plan.tasks[0]).toMatchObject({ how: 'kept', state: 'paused' });
    const kept = plan.ok ? (plan.tasks[0]!.definition as typeof exact) : undefined;
    expect(kept?.filter.data.n[0]).toBeInstanceOf(JsonNumber);
  });

  it('starts a task only in the file, running', () => {
    const plan = planRestore([], [def('a')], checkTaskUpdate);
    expect(plan).toEqual({
      ok: true,
      tasks: [{ definition: def('a'), state: 'running', origin: 'file', fileDefinition: def('a'), how: 'new' }],
      removed: [],
    });
  });

  it('keeps the state and an API edit of a file task whose entry in the file did not change', () => {
    const edited = def('a', 'file', 'edited.jsonl');
    const plan = planRestore(
      [stored(edited, { state: 'failed', reason: 'boom', fileDefinition: def('a') })],
      [def('a')],
      checkTaskUpdate,
    );
    expect(plan.ok && plan.tasks[0]).toMatchObject({
      definition: edited,
      state: 'failed',
      reason: 'boom',
      how: 'kept',
    });
  });

  it("takes the file's definition, running, when its entry changed", () => {
    const plan = planRestore([stored(def('a'), { state: 'paused' })], [def('a', 'file', 'new.jsonl')], checkTaskUpdate);
    expect(plan.ok && plan.tasks[0]).toMatchObject({
      definition: def('a', 'file', 'new.jsonl'),
      state: 'running',
      how: 'file-changed',
      createdAt: '2026-12-01T00:00:00.000Z',
    });
  });

  it('refuses a source or sink type changed in the file, with the path into the file', () => {
    const changed = { ...def('b'), source: { type: 'http' } };
    const plan = planRestore([stored(def('a')), stored(def('b'))], [def('a'), changed], checkTaskUpdate);
    expect(plan).toEqual({
      ok: false,
      issues: [
        { path: ['tasks', 1, 'source', 'type'], message: 'cannot change from kafka to http (delete the task first)' },
      ],
    });
  });

  it('brings back API tasks absent from the file as they were, and drops file tasks the file no longer has', () => {
    const plan = planRestore(
      [stored(def('gone')), stored(def('api'), { origin: 'api', state: 'paused', fileDefinition: undefined })],
      [],
      checkTaskUpdate,
    );
    expect(plan).toMatchObject({
      ok: true,
      removed: ['gone'],
      tasks: [{ definition: def('api'), state: 'paused', origin: 'api', how: 'kept' }],
    });
  });

  it('adopts an API task the file now names: the same definition keeps its state', () => {
    const plan = planRestore(
      [stored(def('a'), { origin: 'api', state: 'paused', fileDefinition: undefined })],
      [def('a')],
      checkTaskUpdate,
    );
    expect(plan.ok && plan.tasks[0]).toMatchObject({ state: 'paused', origin: 'file', how: 'kept' });
  });
});

describe('sameDefinition', () => {
  it('ignores key order, not values', () => {
    expect(sameDefinition({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameDefinition({ a: 1, b: { c: [1, 2] } }, { b: { c: [2, 1] }, a: 1 })).toBe(false);
  });
});
