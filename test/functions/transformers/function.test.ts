import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { type CompiledTransform, compileTransform } from '../../../functions/transformers/compile.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const event = (id: string, key = `k-${id}`) =>
  ({ specversion: '1.0', id, source: 's', type: 't', data: { key, text: 'ü "q"' } }) as unknown as CloudEvent;

const open: CompiledTransform[] = [];
function compile(handler: string, extra: Record<string, unknown> = {}): CompiledTransform {
  const transform = compileTransform(
    { form: 'FUNCTION', handler, ...extra },
    { baseDir: fixtures, functionName: 'fn-test' },
  );
  open.push(transform);
  return transform;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

describe('FUNCTION handlers', () => {
  it('runs an async handler with a Buffer of the JSON array and an FC-like context', async () => {
    const transform = compile('async-id-key.mjs#handler');
    expect(await transform(event('1'))).toEqual([
      JSON.stringify({ id: '1', key: 'k-1', isBuffer: true, requestId: 'string', fn: 'fn-test' }),
    ]);
  });

  it('hands a batch to one call and splits the returned array into one output per element', async () => {
    const transform = compile('async-id-key.mjs');
    const outputs = await transform.batch([event('a'), event('b', 'ключ'), event('c')]);
    expect(outputs.map((o) => JSON.parse(o).key)).toEqual(['k-a', 'ключ', 'k-c']);
  });

  it('uses the original text of the event when given', async () => {
    const transform = compile('async-id-key.mjs#handler');
    const [out] = await transform(event('1'), '{"id":"from-text","data":{"key":"t"}}');
    expect(JSON.parse(out!)).toMatchObject({ id: 'from-text', key: 't' });
  });

  it('runs callback-style handlers, success and failure', async () => {
    expect(await compile('callback-upper.mjs#handler')(event('1', 'abc'))).toEqual(['ABC']);
    await expect(compile('callback-upper.mjs#fails')(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-failed',
      message: 'handler failed: callback said no',
    });
  });

  it('loads a TypeScript handler', async () => {
    expect(await compile('typed.ts#handler').batch([event('x'), event('y')])).toEqual(['ts:x', 'ts:y']);
  });

  it.each([
    ['text', ['one output']],
    ['object', ['{"a":1,"ü":"ö"}']],
    ['bytes', ['bytes → text']],
    ['empty', []],
    ['mixed', ['s', '1', 'null', '{"b":[true]}']],
  ])('turns a %s result into outputs', async (name, want) => {
    expect(await compile(`results.mjs#${name}`)(event('1'))).toEqual(want);
  });

  it.each([
    ['nothing', 'transform.handler-result'],
    ['fn', 'transform.handler-failed'],
  ])('fails the event when the handler returns %s', async (name, code) => {
    await expect(compile(`results.mjs#${name}`)(event('1'))).rejects.toMatchObject({ code });
  });

  it('caps a result at 6 MiB (FC and Lambda response limit) with a permanent error', async () => {
    for (const name of ['huge', 'manyBig']) {
      await expect(compile(`results.mjs#${name}`)(event('1'))).rejects.toMatchObject({
        code: 'transform.handler-result-too-large',
        message: expect.stringMatching(/^handler result is over 6291456 bytes/),
        retriable: false,
      });
    }
    const [under] = await compile('results.mjs#justUnder')(event('1'));
    expect(under).toHaveLength(6 * 1024 * 1024 - 10);
  });
});

describe('FUNCTION isolation: the runtime survives its handler', () => {
  it('a handler that throws fails that event; the worker stays warm', async () => {
    const throws = compile('misbehaving.mjs#throws');
    await expect(throws(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-failed',
      message: 'handler failed: handler threw on purpose',
      retriable: false,
    });
    const flaky = compile('misbehaving.mjs#flaky');
    expect(await flaky(event('good'))).toEqual(['call 1']);
    await expect(flaky(event('bad'))).rejects.toThrow('bad event after 2 calls');
    expect(await flaky(event('good'))).toEqual(['call 3']);
  });

  it('a handler that throws a value that is not an Error still fails only that event', async () => {
    await expect(compile('misbehaving.mjs#throwsCircular')(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-failed',
      message: 'handler failed: [object Object]',
    });
  });

  it('a handler that hangs times out, and the next call gets a fresh worker', async () => {
    const hangs = compile('misbehaving.mjs#hangs', { timeoutMs: 200 });
    await expect(hangs(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-timeout',
      message: 'handler timed out after 200 ms',
      retriable: true,
    });
    await expect(hangs(event('2'))).rejects.toMatchObject({ code: 'transform.handler-timeout' });
    expect(await compile('misbehaving.mjs#slow', { timeoutMs: 2000 })(event('3'))).toEqual(['slow but fine']);
  });

  it('calls in flight together all settle: concurrent slow calls succeed, a hang fails its neighbours as retriable', async () => {
    const slow = compile('misbehaving.mjs#slow', { timeoutMs: 5000 });
    const outputs = await Promise.all(Array.from({ length: 20 }, (_, i) => slow(event(String(i)))));
    expect(outputs.flat()).toEqual(Array(20).fill('slow but fine'));

    const flaky = compile('misbehaving.mjs#hangsOnBad', { timeoutMs: 300 });
    const settled = await Promise.allSettled([flaky(event('bad')), flaky(event('good')), flaky(event('good'))]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as { code: string }).code : ''))).toEqual([
      'transform.handler-timeout',
      'transform.handler-crashed',
      'transform.handler-crashed',
    ]);
    expect(
      settled.slice(1).every((s) => s.status === 'rejected' && (s.reason as { retriable: boolean }).retriable),
    ).toBe(true);
    expect(await flaky(event('good'))).toEqual(['fine']);
  });

  it('a handler that leaks memory hits the memory limit and fails', async () => {
    const leaks = compile('misbehaving.mjs#leaks', { memoryMb: 32, timeoutMs: 20_000 });
    await expect(leaks(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-crashed',
      message: expect.stringContaining('out of memory'),
    });
  });

  it('a handler that exits the process only ends its worker', async () => {
    const exits = compile('misbehaving.mjs#exits');
    await expect(exits(event('1'))).rejects.toMatchObject({
      code: 'transform.handler-crashed',
      message: 'handler exited the worker (code 3)',
    });
    expect(await compile('results.mjs#text')(event('2'))).toEqual(['one output']);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('a module that fails to load or lacks the export is an invalid transform', async () => {
    await expect(compile('broken-load.mjs').ready()).rejects.toMatchObject({
      code: 'transform.invalid',
      issues: [{ path: ['handler'], message: 'cannot start' }],
    });
    await expect(compile('results.mjs#absent').ready()).rejects.toMatchObject({
      code: 'transform.invalid',
      message: expect.stringContaining('has no function export "absent"'),
    });
    await expect(compile('results.mjs#absent')(event('1'))).rejects.toMatchObject({ code: 'transform.invalid' });
  });

  it('a module that never finishes loading fails within its time limit, and stays invalid', async () => {
    const stuck = compile('hangs-loading.mjs', { timeoutMs: 1500 });
    const message = 'handler: handler did not finish loading within 1500 ms (loading counts against timeoutMs)';
    await expect(stuck.ready()).rejects.toMatchObject({ code: 'transform.invalid', message });
    await expect(stuck(event('1'))).rejects.toMatchObject({ code: 'transform.invalid', message });
  });

  it('close terminates a worker stuck loading or in a call: what waited fails as retriable', async () => {
    const loading = compile('hangs-loading.mjs', { timeoutMs: 60_000 });
    const calling = compile('misbehaving.mjs#hangs', { timeoutMs: 60_000 });
    const waits = [loading(event('1')), calling(event('2'))].map((p) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    await calling.ready();
    await Promise.all([loading.close(), calling.close()]);
    for (const failure of await Promise.all(waits))
      expect(failure).toMatchObject({ code: 'transform.closed', retriable: true });
  });

  it('shares one warm worker between transforms of the same handler', async () => {
    const first = compile('misbehaving.mjs#counts');
    const second = compile('misbehaving.mjs#counts');
    expect(await first(event('1'))).toEqual(['1']);
    expect(await second(event('2'))).toEqual(['2']);
  });
});
