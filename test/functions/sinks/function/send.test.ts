import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, type SinkError } from '../../../../bus/delivery/errors.js';
import { connect } from '../../../../functions/sinks/function/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { handlerDir } from './handlers.js';

let handlers: Awaited<ReturnType<typeof handlerDir>> | undefined;
afterEach(async () => {
  await handlers?.cleanup();
  handlers = undefined;
});

const sinkFor = async (handler: string, timeoutMs = 5000) => {
  handlers = await handlerDir();
  return connect({ type: 'function', handler, timeoutMs }, { baseDir: handlers.dir });
};
const withPayload = (payload: string) => ({ ...conformanceMessage(0), payload });

describe('function sink', () => {
  it('one call per write: a Buffer with the JSON array of payloads (JSON parsed, other text as strings)', async () => {
    const sink = await sinkFor('record.mjs#handler');
    await sink.write([conformanceMessage(1), withPayload('plain text'), withPayload('42')]);
    await sink.write([conformanceMessage(2)]);
    await sink.close();
    expect(await handlers!.readCalls()).toEqual([
      [JSON.parse(conformanceMessage(1).payload), 'plain text', 42],
      [JSON.parse(conformanceMessage(2).payload)],
    ]);
  });

  it('a handler that throws → permanent SinkError', async () => {
    const sink = await sinkFor('record.mjs#fails');
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.function.handler-failed');
    expect(error.message).toMatch(/handler says no/);
    expect(classifyError(error).verdict).toBe('dead-letter');
  });

  it('a handler past timeoutMs → retriable; the worker is replaced for the next call', async () => {
    const sink = await sinkFor('record.mjs#hangsOnce', 300);
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    expect(error.code).toBe('sink.function.handler-timeout');
    expect(classifyError(error).verdict).toBe('retry');
    await sink.write([conformanceMessage(1)]);
    await sink.close();
    expect(await handlers!.readCalls()).toEqual([[JSON.parse(conformanceMessage(1).payload)]]);
  });

  it('a handler that never answers keeps timing out, each call in turn (the sink does not wedge)', async () => {
    const sink = await sinkFor('record.mjs#hangs', 100);
    for (const seq of [1, 2]) {
      const error = (await sink.write([conformanceMessage(seq)]).catch((e: unknown) => e)) as SinkError;
      expect(error.code).toBe('sink.function.handler-timeout');
    }
    await sink.close();
  });

  it('a handler that cannot be loaded fails connect, permanently', async () => {
    const error = (await sinkFor('record.mjs#missing').catch((e: unknown) => e)) as SinkError;
    expect(error.code).toBe('sink.function.invalid');
    expect(error.message).toMatch(/no function export "missing"/);
    expect(classifyError(error).verdict).toBe('dead-letter');
  });
});
