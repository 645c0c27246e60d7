import { describe, expect, it } from 'vitest';
import { checkConfigUpdate, checkTaskUpdate } from '../../../infra/config/update.js';

const task = { name: 'a', source: { type: 'kafka' }, sink: { type: 'postgres' } };

describe('checkTaskUpdate', () => {
  it('allows an update that keeps both types', () => {
    expect(checkTaskUpdate(task, { ...task, sink: { type: 'postgres', table: 'other' } as { type: string } })).toEqual(
      [],
    );
  });

  it.each([
    ['source', { ...task, source: { type: 'http' } }, 'cannot change from kafka to http (delete the task first)'],
    ['sink', { ...task, sink: { type: 'mysql' } }, 'cannot change from postgres to mysql (delete the task first)'],
  ])('refuses a changed %s type', (part, after, message) => {
    expect(checkTaskUpdate(task, after)).toEqual([{ path: [part, 'type'], message }]);
  });

  it('reports both when both change', () => {
    const issues = checkTaskUpdate(task, { ...task, source: { type: 'mqtt' }, sink: { type: 'stdout' } });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['source', 'type'],
      ['sink', 'type'],
    ]);
  });
});

describe('checkConfigUpdate', () => {
  it('matches tasks by name and points into the new file', () => {
    const before = { tasks: [task, { ...task, name: 'b' }] };
    const after = {
      tasks: [
        { ...task, name: 'new', sink: { type: 'file' } },
        { ...task, name: 'b', sink: { type: 'file' } },
      ],
    };
    expect(checkConfigUpdate(before, after)).toEqual([
      { path: ['tasks', 1, 'sink', 'type'], message: 'cannot change from postgres to file (delete the task first)' },
    ]);
  });
});
