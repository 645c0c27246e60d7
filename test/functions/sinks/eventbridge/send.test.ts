import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, type SinkError } from '../../../../bus/delivery/errors.js';
import { eventbridgeSinkConfig } from '../../../../functions/sinks/eventbridge/config.js';
import { connect } from '../../../../functions/sinks/eventbridge/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { eventBridgeTarget } from './bench.js';

let target: Awaited<ReturnType<typeof eventBridgeTarget>> | undefined;
afterEach(async () => {
  await target?.cleanup();
  target = undefined;
});

const text = (payload: string) => ({ ...conformanceMessage(0), payload });

describe('eventbridge sink', () => {
  it('puts Source and DetailType from the config, Detail = payload, 25 messages in order (3 PutEvents calls)', async () => {
    target = await eventBridgeTarget();
    const sink = await target.connect();
    const batch = Array.from({ length: 25 }, (_, i) => conformanceMessage(i));
    await sink.write(batch);
    await sink.close();
    const events = await target.events();
    expect(events.map((e) => [e.source, e['detail-type']])).toEqual(
      batch.map(() => ['conformance', 'Conformance Test']),
    );
    expect(events.map((e) => JSON.stringify(e.detail))).toEqual(batch.map((m) => m.payload));
  });

  it('a payload that is not a JSON object rejects the write permanently, before anything is sent', async () => {
    target = await eventBridgeTarget();
    const sink = await target.connect();
    for (const payload of ['42', '[1]', 'plain text', '"quoted"', 'null']) {
      const error = (await sink.write([conformanceMessage(1), text(payload)]).catch((e: unknown) => e)) as SinkError;
      expect(error.code).toBe('sink.eventbridge.detail');
      expect(classifyError(error).verdict).toBe('dead-letter');
    }
    await sink.write([conformanceMessage(2)]);
    await sink.close();
    expect((await target.events()).map((e) => JSON.stringify(e.detail))).toEqual([conformanceMessage(2).payload]);
  });

  it('FailedEntryCount > 0 (a Detail nested too deep: MalformedDetail) rejects the write with the entry error, permanent', async () => {
    // (a bus that does not exist no longer fails an entry: AWS accepts it and returns an EventId)
    target = await eventBridgeTarget();
    const sink = await target.connect();
    const deep = { ...conformanceMessage(1), payload: `${'{"a":'.repeat(101)}1${'}'.repeat(101)}` };
    const error = (await sink.write([deep]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.eventbridge.failed-entries');
    expect(error.message).toMatch(/#0 \w+/);
    expect(classifyError(error).verdict).toBe('dead-letter');
  });

  it('an endpoint that refuses connections → retriable', async () => {
    const config = eventbridgeSinkConfig.parse({
      type: 'eventbridge',
      endpoint: 'http://127.0.0.1:1',
      source: 's',
      detailType: 'd',
    });
    const sink = await connect(config, { baseDir: '.' });
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.eventbridge.put-events');
    expect(classifyError(error).verdict).toBe('retry');
  });
});
