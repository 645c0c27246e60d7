import { mkdtemp, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, retryPolicy, SinkError, type Tolerance } from '../../../../bus/delivery/index.js';
import { HttpIngress, type IngressHandler } from '../../../../bus/emulator/http/ingress.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import type { SinkMessage, SinkWriter, TaskState } from '../../../../bus/task/contract.js';
import { Task } from '../../../../bus/task/task.js';
import { connect } from '../../../../functions/sinks/file/send.js';
import { httpSourceConfig } from '../../../../functions/sources/http/config.js';
import { decode, type HttpSourceLimits, openSource } from '../../../../functions/sources/http/receive.js';

/** Resolves when `count` events of a kind have happened (no sleeps: the test awaits them). */
class Events {
  private count = 0;
  private waiters: { at: number; resolve: () => void }[] = [];
  happened(): void {
    this.count++;
    for (const w of this.waiters.filter((w) => w.at <= this.count)) w.resolve();
    this.waiters = this.waiters.filter((w) => w.at > this.count);
  }
  reached(at: number): Promise<void> {
    return at <= this.count ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ at, resolve }));
  }
}

/** The file sink behind a switch: `refuse` makes writes fail permanently, `hold` keeps them waiting. */
function switchedSink(file: SinkWriter) {
  const writes: SinkMessage[][] = [];
  /** Ids of the events whose lines are in the file (written and synced). */
  const written = new Set<string>();
  const started = new Events();
  let refuse = false;
  let held: Promise<void> | undefined;
  let release = () => {};
  const sink: SinkWriter = {
    async write(messages) {
      writes.push(messages);
      started.happened();
      if (held !== undefined) await held;
      if (refuse) throw new SinkError('test.refused', 'the target refused it (400)', { retriable: false });
      await file.write(messages);
      for (const message of messages) written.add(message.event.id);
    },
    close: () => file.close(),
  };
  return {
    sink,
    writes,
    written,
    started,
    refuse(on: boolean) {
      refuse = on;
    },
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release: () => {
      held = undefined;
      release();
    },
  };
}

interface Setup {
  task: Task;
  url: string;
  ingress: HttpIngress;
  sink: ReturnType<typeof switchedSink>;
  /** Requests the source has taken in (queued, refused or answered at once). */
  arrived: Events;
  /** The next stop of the task not yet looked at: checks its state, gives its reason. */
  stopped: (state: TaskState) => Promise<string | undefined>;
  lines(): Promise<{ id: string; data: { body: unknown; path: string; headers: Record<string, string> } }[]>;
}

const servers: Server[] = [];
const running: { task: Task; release(): void }[] = [];
afterEach(async () => {
  for (const { task, release } of running.splice(0)) {
    release(); // a failed test may have left a write held
    await task.stop().catch(() => undefined);
  }
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function setup(
  source: Record<string, unknown> = {},
  options: { tolerance?: Tolerance; limits?: HttpSourceLimits } = {},
): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-http-source-'));
  const ingress = new HttpIngress();
  const { server, port } = await serve([ingress.route()], 0);
  servers.push(server);
  const arrived = new Events();
  // the real ingress; the wrapper only tells the test when the source has taken a request in
  const watched = {
    register: (path: string, handler: IngressHandler) =>
      ingress.register(path, (request) => {
        const reply = handler(request);
        arrived.happened();
        return reply;
      }),
  } as HttpIngress;
  const config = httpSourceConfig.parse({ type: 'http', ...source });
  const sink = switchedSink(await connect({ path: 'out.jsonl' }, { baseDir: dir }));
  const stops: { state: TaskState; reason: string | undefined }[] = [];
  const stopEvents = new Events();
  let seenStops = 0;
  const task = new Task(
    {
      name: 'hook',
      openSource: () => openSource(config, { task: 'hook', ingress: watched }, options.limits),
      decode: (record) => decode(record, { withText: true }),
      transform: (event, text) => [text ?? JSON.stringify(event)],
      sink: sink.sink,
      delivery: {
        concurrency: 1,
        policy: retryPolicy('BACKOFF_RETRY'),
        tolerance: options.tolerance ?? 'ALL',
        clock: new ManualClock(),
        random: () => 0,
        sink: 'file',
      },
    },
    {
      stopped(_task, state, reason) {
        stops.push({ state, reason });
        stopEvents.happened();
      },
    },
  );
  running.push({ task, release: () => sink.release() });
  await task.start();
  return {
    task,
    url: `http://127.0.0.1:${port}`,
    ingress,
    sink,
    arrived,
    async stopped(state) {
      const stop = await stopEvents.reached(++seenStops).then(() => stops[seenStops - 1]!);
      expect(stop.state).toBe(state);
      return stop.reason;
    },
    async lines() {
      const text = await readFile(join(dir, 'out.jsonl'), 'utf8');
      // whole lines only: with 50 requests at once, another write may be appending its line right now
      return text
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line));
    },
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('the HTTP source in a task', () => {
  it('answers 50 concurrent POSTs 200 {id}, each only once its line is in the file', async () => {
    const s = await setup();
    const checked = await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const response = await post(`${s.url}/sources/hook?n=${n}`, { n });
        const { id } = (await response.json()) as { id: string };
        // checked the moment the answer is read: the line must already be written and synced
        expect([response.status, s.sink.written.has(id)]).toEqual([200, true]);
        const line = (await s.lines()).find((l) => l.id === id);
        expect(line?.data.body).toEqual({ n });
        return id;
      }),
    );
    expect(new Set(checked).size).toBe(50);
    const lines = await s.lines();
    expect(lines).toHaveLength(50);
    expect(lines.map((l) => (l.data.body as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, n) => n),
    );
    expect(lines.every((l) => l.data.path === '/sources/hook')).toBe(true);
  });

  it('batches what waits (up to maxBatch) and answers 429 beyond maxWaiting', async () => {
    const s = await setup({}, { limits: { maxBatch: 2, maxWaiting: 3, maxWaitingBytes: 1 << 20 } });
    s.sink.hold();
    const first = post(`${s.url}/sources/hook`, { n: 0 });
    await s.sink.started.reached(1);
    const queued = [post(`${s.url}/sources/hook`, { n: 1 }), post(`${s.url}/sources/hook`, { n: 2 })];
    await s.arrived.reached(3);
    const refused = await post(`${s.url}/sources/hook`, { n: 3 });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/3 requests already wait/) });
    s.sink.release();
    const answers = await Promise.all([first, ...queued]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(s.sink.writes.map((w) => w.length)).toEqual([1, 2]);
    expect((await s.lines()).map((l) => l.data.body)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('answers 429 once the bodies waiting would pass maxWaitingBytes, and takes requests again when they are answered', async () => {
    const s = await setup({}, { limits: { maxBatch: 10, maxWaiting: 100, maxWaitingBytes: 250 } });
    s.sink.hold();
    const big = { pad: 'x'.repeat(100) }; // 110 bytes as JSON
    const first = post(`${s.url}/sources/hook`, big);
    await s.sink.started.reached(1);
    const second = post(`${s.url}/sources/hook`, big);
    await s.arrived.reached(2);
    const refused = await post(`${s.url}/sources/hook`, big);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: expect.stringMatching(/220 bytes already wait .*at most 250/),
    });
    s.sink.release();
    expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
    expect((await post(`${s.url}/sources/hook`, big)).status).toBe(200);
  });

  it('refuses a JSON body whose event would nest deeper than 100 levels with 400 and the path, before it becomes an event', async () => {
    const s = await setup();
    const deep = `${'['.repeat(99)}${']'.repeat(99)}`; // 101 levels in its event, at data.body
    const refused = await fetch(`${s.url}/sources/hook`, {
      method: 'POST',
      body: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: `the request body nests deeper than 98 levels at $${'[0]'.repeat(98)} (its event's data.body)`,
    });
    const fits = `${'['.repeat(98)}${']'.repeat(98)}`;
    expect((await fetch(`${s.url}/sources/hook`, { method: 'POST', body: fits })).status).toBe(200);
    const asText = await fetch(`${s.url}/sources/hook`, {
      method: 'POST',
      body: deep,
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(200); // text is not nesting
  });

  it('answers 503 when the sink fails for good under tolerance NONE; after a resume the retried request is delivered', async () => {
    const s = await setup({}, { tolerance: 'NONE' });
    s.sink.refuse(true);
    const failed = await post(`${s.url}/sources/hook`, { order: 7 });
    expect(failed.status).toBe(503);
    expect(await s.stopped('failed')).toMatch(/refused/);
    expect(s.sink.writes).toHaveLength(1);
    // the failed task let go of its path: nobody listens there until it is resumed
    expect((await post(`${s.url}/sources/hook`, { order: 7 })).status).toBe(404);

    s.sink.refuse(false);
    await s.task.start();
    const retried = await post(`${s.url}/sources/hook`, { order: 7 });
    expect(retried.status).toBe(200);
    const { id } = (await retried.json()) as { id: string };
    expect(await s.lines()).toMatchObject([{ id, data: { body: { order: 7 } } }]);
  });

  it('refuses other methods with 405 (naming the allowed ones) and a missing or wrong token with 401', async () => {
    const s = await setup({ path: '/hooks/orders', methods: ['POST', 'PUT'], token: 's3cret' });
    const at = `${s.url}/hooks/orders`;
    const get = await fetch(at, { headers: { authorization: 'Bearer s3cret' } });
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ allow: ['POST', 'PUT'], error: expect.stringContaining('POST, PUT') });
    expect(get.headers.get('allow')).toBe('POST, PUT, OPTIONS');
    const options = await fetch(at, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'POST, PUT, OPTIONS']);
    expect((await fetch(at, { method: 'HEAD' })).status).toBe(405);
    expect((await post(at, { a: 1 })).status).toBe(401);
    expect((await post(at, { a: 1 }, { authorization: 'Bearer wrong!' })).status).toBe(401);
    expect((await post(at, { a: 1 }, { authorization: 'Basic s3cret' })).status).toBe(401);
    expect((await post(at, { a: 1 }, { authorization: 'Bearer s3cret' })).status).toBe(200);
    const put = await fetch(at, { method: 'PUT', headers: { authorization: 'bearer s3cret' }, body: 'plain text' });
    expect(put.status).toBe(200);
    const lines = await s.lines();
    expect(lines.map((l) => l.data.body)).toEqual([{ a: 1 }, 'plain text']);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('keeps credential headers and the configured dropHeaders out of the events it writes', async () => {
    const s = await setup({ dropHeaders: ['X-Session'] });
    const headers = {
      cookie: 'sid=s3cret',
      'x-api-key': 's3cret',
      'proxy-authorization': 'Basic s3cret',
      'x-session': 's3cret',
      'x-kept': 'k',
    };
    expect((await post(`${s.url}/sources/hook`, { a: 1 }, headers)).status).toBe(200);
    const [line] = await s.lines();
    expect(line!.data.headers).toMatchObject({ 'x-kept': 'k' });
    expect(JSON.stringify(line)).not.toContain('s3cret');
  });

  it('stop lets the write in hand finish (its request gets 200), answers the waiting ones 503 and frees the path', async () => {
    const s = await setup();
    s.sink.hold();
    const inFlight = post(`${s.url}/sources/hook`, { n: 0 });
    await s.sink.started.reached(1);
    const queued = post(`${s.url}/sources/hook`, { n: 1 });
    await s.arrived.reached(2);
    const stopping = s.task.stop();
    s.sink.release();
    expect((await inFlight).status).toBe(200);
    expect((await queued).status).toBe(503);
    await stopping;
    expect((await s.lines()).map((l) => l.data.body)).toEqual([{ n: 0 }]);
    expect(s.task.status().state).toBe('stopped');
    expect((await post(`${s.url}/sources/hook`, { n: 2 })).status).toBe(404);
    const unregister = s.ingress.register('/sources/hook', async () => ({ status: 204, body: undefined }));
    unregister();
  });

  it('lets the ingress error surface when the path is taken', async () => {
    const s = await setup({ path: '/hooks/taken' });
    const config = httpSourceConfig.parse({ type: 'http', path: '/hooks/taken' });
    await expect(openSource(config, { task: 'other', ingress: s.ingress })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('/hooks/taken is already taken'),
    });
    const reserved = httpSourceConfig.parse({ type: 'http', path: '/api/tasks' });
    await expect(openSource(reserved, { task: 'other', ingress: s.ingress })).rejects.toMatchObject({ status: 400 });
  });
});
