import { expect, it } from 'vitest';
import { file, problems, task } from './helpers.js';

const kafka = (topic: string) => ({ type: 'kafka', topic, brokers: ['127.0.0.1:9092'] });

it('takes delivery exactly-once only from Kafka with brokers to Kafka with brokers, naming the field', () => {
  expect(problems(file({}, [task({ source: kafka('in'), sink: kafka('out'), delivery: 'exactly-once' })]))).toEqual([]);
  expect(problems(file({}, [task({ delivery: 'at-least-once' })]))).toEqual([]);
  expect(problems(file({}, [task({ source: kafka('in'), delivery: 'exactly-once' })]))).toEqual([
    'tasks[0].delivery: exactly-once needs a Kafka sink with brokers (a Kafka transaction), not file',
  ]);
  expect(
    problems(
      file({}, [task({ source: { type: 'kafka', topic: 'in' }, sink: kafka('out'), delivery: 'exactly-once' })]),
    ),
  ).toEqual([
    'tasks[0].delivery: exactly-once needs a Kafka source with brokers (a Kafka transaction), not the embedded bus',
  ]);
  expect(problems(file({}, [task({ delivery: 'twice' })]))).toEqual([
    expect.stringMatching(/^tasks\[0\]\.delivery: must be one of at-least-once, exactly-once/),
  ]);
});
