import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, SinkError } from '../../../../bus/delivery/errors.js';
import type { HttpSinkConfig } from '../../../../functions/sinks/http/config.js';
import { httpSinkConfig } from '../../../../functions/sinks/http/config.js';
import { connect } from '../../../../functions/sinks/http/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { recordingServer } from './server.js';

let server: Awaited<ReturnType<typeof recordingServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (raw: Record<string, unknown>): HttpSinkConfig => httpSinkConfig.parse({ type: 'http', ...raw });

async function failureOf(status: number): Promise<SinkError> {
  server = await recordingServer((_req, res) => {
    res.statusCode = status;
    res.end('nope');
  });
  const sink = await connect(config({ url: server.url }), { baseDir: '.' });
  try {
    const error = await sink.write([conformanceMessage(1)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SinkError);
    return error as SinkError;
  } finally {
    await sink.close();
  }
}

describe('http sink', () => {
  it('sends method, rendered headers and the payload as body, in order', async () => {
    server = await recordingServer();
    const sink = await connect(
      config({
        url: server.url,
        method: 'PUT',
        headers: { 'x-key': '$.data.key', 'content-type': { form: 'CONSTANT', value: 'application/json' } },
      }),
      { baseDir: '.' },
    );
    await sink.write([conformanceMessage(1), conformanceMessage(2)]);
    await sink.close();
    expect(server.requests.map((r) => [r.method, r.headers['x-key'], r.headers['content-type'], r.body])).toEqual([
      ['PUT', 'k1', 'application/json', conformanceMessage(1).payload],
      ['PUT', 'k2', 'application/json', conformanceMessage(2).payload],
    ]);
  });

  it('without a content-type spec, a JSON body arrives as application/json and text as text/plain', async () => {
    server = await recordingServer();
    const sink = await connect(config({ url: server.url }), { baseDir: '.' });
    await sink.write([conformanceMessage(1), { ...conformanceMessage(2), payload: 'order 2 paid' }]);
    await sink.close();
    expect(server.requests.map((r) => [r.headers['content-type'], r.body])).toEqual([
      ['application/json', conformanceMessage(1).payload],
      ['text/plain;charset=UTF-8', 'order 2 paid'],
    ]);
  });

  it('reuses keep-alive connections: 20 requests do not open 20 connections', async () => {
    server = await recordingServer();
    let opened = 0;
    server.onConnection(() => opened++);
    const sink = await connect(config({ url: server.url }), { baseDir: '.' });
    for (let i = 0; i < 10; i++) await sink.write([conformanceMessage(2 * i), conformanceMessage(2 * i + 1)]);
    await sink.close();
    expect(server.requests).toHaveLength(20);
    expect(opened).toBe(1);
  });

  it('a header spec giving no value is a permanent error, and nothing is sent', async () => {
    server = await recordingServer();
    const sink = await connect(config({ url: server.url, headers: { 'x-missing': '$.data.nothing' } }), {
      baseDir: '.',
    });
    const error = await sink.write([conformanceMessage(1)]).catch((e: unknown) => e);
    await sink.close();
    expect(classifyError(error).verdict).toBe('dead-letter');
    expect(server.requests).toEqual([]);
  });

  it.each([
    [503, 'retry'],
    [500, 'retry'],
    [429, 'retry'],
    [400, 'dead-letter'],
    [404, 'dead-letter'],
  ])('HTTP %i → SinkError with that status, %s', async (status, verdict) => {
    const error = await failureOf(status);
    expect(error.status).toBe(status);
    expect(error.code).toBe('sink.http.status');
    expect(classifyError(error).verdict).toBe(verdict);
  });

  it('no response within timeoutMs → retriable timeout', async () => {
    server = await recordingServer(() => {}); // never answers
    const sink = await connect(config({ url: server.url, timeoutMs: 100 }), { baseDir: '.' });
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.http.timeout');
    expect(classifyError(error).verdict).toBe('retry');
  });

  it('connection refused → retriable', async () => {
    server = await recordingServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const sink = await connect(config({ url }), { baseDir: '.' });
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.http.request');
    expect(classifyError(error).verdict).toBe('retry');
  });
});
