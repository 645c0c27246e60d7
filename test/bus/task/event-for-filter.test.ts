import { describe, expect, it } from 'vitest';
import { compilePattern, JsonNumber } from '../../../bus/pattern/index.js';
import { Router } from '../../../bus/router/index.js';
import { eventForFilter } from '../../../bus/task/lazy-value.js';
import { decodeKafkaRecord } from '../../../functions/adapters/kafka-event.js';
import { httpEvent } from '../../../functions/adapters/source/events/http.js';
import { mqttEvent } from '../../../functions/adapters/source/events/mqtt.js';
import { kafkaRecord as record } from '../../helpers/kafka-record.js';

// What a task's filter sees of a Kafka event (test/e2e/numbers-stream.test.ts runs it in a task).

describe('eventForFilter', () => {
  it('hands over the event itself when JSON.parse keeps every number, leaving the value unread', () => {
    const { event } = decodeKafkaRecord(record('{"n":300,"x":1.5}'));
    expect(eventForFilter(event)).toBe(event);
    expect(Object.getOwnPropertyDescriptor(event.data as object, 'value')?.get).toBeDefined();
  });

  it('reads an unread value holding 1e400 losslessly into a copy; the event keeps its lazy value', () => {
    const { event } = decodeKafkaRecord(record('{"n":1e400,"k":"a"}'));
    const filtered: unknown = eventForFilter(event);
    const stillLazy = Object.getOwnPropertyDescriptor(event.data as object, 'value')?.get !== undefined;
    expect(stillLazy).toBe(true);
    expect(filtered === event).toBe(false);
    const seen = filtered as { data: { value: { n: unknown; k: string }; topic: string } };
    expect(seen.data.value.n).toBeInstanceOf(JsonNumber);
    expect((seen.data.value.n as JsonNumber).text).toBe('1e400');
    expect(seen.data.topic).toBe((event.data as { topic: string }).topic);
    expect((event.data as { value: { n: number } }).value.n).toBe(Number.POSITIVE_INFINITY);
  });

  it('uses the text a value was parsed from at once (withText), and hands over non-JSON text as it is', () => {
    const { event } = decodeKafkaRecord(record('{ "n": 9007199254740993 }'), { withText: true });
    const seen = eventForFilter(event) as unknown as { data: { value: { n: JsonNumber } } };
    expect(seen.data.value.n.text).toBe('9007199254740993');
    const text = decodeKafkaRecord(record('not json 1e400')).event;
    expect(eventForFilter(text)).toBe(text);
    const binary = decodeKafkaRecord(record('{"n":1e400}'), { valueFormat: 'text' }).event;
    expect(eventForFilter(binary)).toBe(binary);
  });

  it("sees an HTTP body's numbers as written, as a task's filter matches them (the router over eventForFilter)", () => {
    const router = new Router();
    router.addRule('exact', compilePattern({ data: { body: { n: [9007199254740992] } } }));
    const request = (text: string) =>
      httpEvent({
        id: 'r',
        source: 'hook',
        method: 'POST',
        path: '/h',
        query: '',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(text),
        receivedAt: 0,
      });
    const matches = (text: string) => router.matchIds(eventForFilter(request(text))).length > 0;
    expect(matches('{"n":9007199254740992}')).toBe(true);
    expect(matches('{"n":9007199254740993}')).toBe(false); // JSON.parse alone reads 2^53
    expect((request('{"n":9007199254740993}').data as { body: { n: number } }).body.n).toBe(2 ** 53);
  });

  it("sees a broker message body's numbers as written too (MQTT here; RabbitMQ, NATS and file-tail share keepBodyText)", () => {
    const router = new Router();
    router.addRule('below', compilePattern({ data: { body: { t: [{ numeric: ['<', 0] }] } } }));
    const message = (text: string) =>
      mqttEvent({ id: 'm', props: { topic: 'devices/7' }, payload: Buffer.from(text), receivedAt: 0 });
    expect(router.matchIds(eventForFilter(message('{"t":-1e-400}'))).length).toBe(1); // below 0, not -0
    expect(router.matchIds(eventForFilter(message('{"t":-0}'))).length).toBe(0);
    expect(router.matchIds(message('{"t":-1e-400}')).length).toBe(0); // as JSON.parse reads it: -0
  });
});
