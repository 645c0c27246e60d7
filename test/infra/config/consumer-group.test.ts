import { describe, expect, it } from 'vitest';
import { file, problems, task } from './helpers.js';

const reader = (name: string, source: Record<string, unknown>) =>
  task({ name, source: { type: 'kafka', topic: 'orders', ...source } });

describe('consumer groups', () => {
  it('rejects two tasks reading one topic in one group, naming both', () => {
    expect(
      problems(
        file({}, [reader('a', { consumerGroup: 'G' }), reader('b', { consumerGroup: { name: 'G', existing: true } })]),
      ),
    ).toEqual([
      'tasks[1].source.consumerGroup: tasks[0] (a) and tasks[1] (b) both read topic orders in consumer group G: the group would split its partitions between them; give each task its own group',
    ]);
  });

  it('a group named as another task default group collides too', () => {
    expect(problems(file({}, [reader('a', {}), reader('b', { consumerGroup: 'GID_conflux_a' })]))).toHaveLength(1);
  });

  it('allows one group on two topics, two groups on one topic, and one group on two clusters', () => {
    expect(
      problems(
        file({}, [
          reader('a', { consumerGroup: 'G' }),
          task({ name: 'b', source: { type: 'kafka', topic: 'other', consumerGroup: 'G' } }),
          reader('c', { consumerGroup: 'H' }),
          reader('d', {}),
          reader('e', {}),
          reader('f', { consumerGroup: 'G', brokers: ['127.0.0.1:9092'] }),
        ]),
      ),
    ).toEqual([]);
  });

  it('checks the {name, existing} form field by field', () => {
    expect(problems(file({}, [reader('a', { consumerGroup: { name: 'G', existing: 'yes' } })]))).toEqual([
      expect.stringMatching(/^tasks\[0\]\.source\.consumerGroup/) as string,
    ]);
    expect(problems(file({}, [reader('a', { consumerGroup: { name: 'G', existing: true } })]))).toEqual([]);
  });
});
