import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../../../bus/emulator/console/routes.js';
import { connectorRoutes } from '../../../../bus/emulator/http/connectors-api.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import { taskRoutes } from '../../../../bus/emulator/http/tasks-api.js';
import { openProducer } from '../../../../bus/log/index.js';
import { connectorCatalog } from '../../../../functions/catalog.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { consoleTesters } from '../../../../infra/wire/console-testers.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';
import { waitFor } from '../../../helpers/process.js';

/** The page's document, as the functions handed to waitForFunction see it (the project compiles without the DOM lib). */
declare const document: {
  querySelector(selector: string): { textContent: string | null; getAttribute(name: string): string | null } | null;
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const BROWSER_TEST = { timeout: 60_000 };
const source = { type: 'kafka', topic: 'orders', offset: 'earliest' };

let dir: string;
let streams: Streams;
let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const lines = async (file: string) =>
  (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean);

/** Waits until the element's whole text is `expected` (auto-waiting, no fixed sleep). */
async function waitText(selector: string, expected: string | RegExp): Promise<void> {
  const [pattern, flags] = typeof expected === 'string' ? [null, ''] : [expected.source, expected.flags];
  await page.waitForFunction(
    ({ selector, text, pattern, flags }) => {
      const actual = document.querySelector(selector)?.textContent ?? null;
      if (actual === null) return false;
      return pattern === null ? actual === text : new RegExp(pattern, flags).test(actual);
    },
    { selector, text: typeof expected === 'string' ? expected : '', pattern, flags },
  );
}

const row = (task: string) => page.locator(`tr[data-task="${task}"]`);
const cell = (task: string, column: number) => `tr[data-task="${task}"] > td:nth-child(${column})`;
const field = (name: string) => page.locator(`#task-form [name="${name}"]`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-console-'));
  const valid = validateConfig({
    version: 1,
    tasks: [
      { name: 'copy', source, sink: { type: 'file', path: 'copy.jsonl' } },
      {
        name: 'ids',
        source,
        transform: { form: 'JSONPATH', value: '$.data.value.id' },
        sink: { type: 'file', path: 'ids.txt' },
        errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'ids-dlq' } },
      },
    ],
  });
  if (!valid.ok) throw new Error('bad test config');
  streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
  const testers = consoleTesters({ dialect: valid.config.dialect, baseDir: dir });
  const started = await serve(
    [...taskRoutes(streams.emulator), ...connectorRoutes(connectorCatalog()), ...consoleRoutes(testers)],
    0,
  );
  server = started.server;
  const producer = await openProducer({ log: streams.log });
  await producer.send(
    'orders',
    [{ id: 'a', status: 'paid' }, { other: 2 }, { id: 'c', status: 'shipped' }].map((v) => ({
      value: JSON.stringify(v),
    })),
  );
  await producer.close();
  await waitFor(
    () =>
      streams.emulator.view('ids').metrics.deadLettered === 1 && streams.emulator.view('copy').metrics.eventsOut === 3,
    'copy delivered three, ids dead-lettered one',
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`http://127.0.0.1:${started.port}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await streams?.close();
});

describe('web console in Chromium', () => {
  it('shows each task running with its source, sink and counters; pauses and resumes one', BROWSER_TEST, async () => {
    await waitText(`${cell('copy', 2)} .state`, 'running');
    await waitText(cell('copy', 3), 'kafka orders → file copy.jsonl');
    await waitText(cell('copy', 4), '3');
    await waitText(cell('copy', 5), '3');
    await waitText(cell('ids', 5), '2');
    await row('copy').getByRole('button', { name: 'Pause' }).click();
    await waitText(`${cell('copy', 2)} .state`, 'paused');
    expect(streams.emulator.view('copy').state).toBe('paused');
    await row('copy').getByRole('button', { name: 'Resume' }).click();
    await waitText(`${cell('copy', 2)} .state`, 'running');
    expect(streams.emulator.view('copy').state).toBe('running');
  });

  it('tests the pattern live: match, then no-match and invalid as it is edited', BROWSER_TEST, async () => {
    await field('filter').fill('{"data":{"value":{"status":["paid"]}}}');
    await waitText('#pattern-result', 'match');
    await field('filter').fill('{"data":{"value":{"status":["shipped"]}}}');
    await waitText('#pattern-result', 'no-match');
    await field('filter').fill('{"data":{"value":{"status":[{"prefix":1}]}}}');
    await waitText('#pattern-result', 'invalid');
    await waitText(
      '#pattern-error',
      'Event pattern is not valid. Reason: prefix match pattern must be a string at $.data.value.status[0].prefix',
    );
    const sample = await page.locator('#sample-event').inputValue();
    await page.locator('#sample-event').fill(sample.replace('"paid"', '"shipped"'));
    await field('filter').fill('{"data":{"value":{"status":["shipped"]}}}');
    await waitText('#pattern-result', 'match');
  });

  it("tests the transform live: a template's output, then a JSONPath that selects nothing", BROWSER_TEST, async () => {
    await field('form').selectOption('TEMPLATE');
    await field('variables').fill('{"id":"$.data.value.id","amount":"$.data.value.amount"}');
    await field('template').fill('order ${id}: ${amount}');
    await waitText('#transform-outputs li', 'order o-1: 42');
    await waitText('#transform-result', 'ok');
    await field('form').selectOption('JSONPATH');
    await field('value').fill('$.data.value.nope');
    await waitText('#transform-result', 'error');
    await waitText('#transform-error', '$.data.value.nope: nothing selected');
    expect(await page.locator('#transform-outputs li').count()).toBe(0);
  });

  it(
    "draws a sink type's inputs from the registry: exactly its fields, kinds, defaults, secrets and docs",
    BROWSER_TEST,
    async () => {
      const sinkTypes = await field('sinkType').locator('option').allTextContents();
      expect(sinkTypes).toEqual(
        connectorCatalog()
          .filter((c) => c.role === 'sink')
          .map((c) => c.type),
      );
      await field('sinkType').selectOption('redis');
      const inputs = page.locator('#sink-fields [name]');
      const names = await inputs.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('name')));
      expect(names).toEqual(['url', 'command', 'key', 'ttlSeconds', 'field', 'maxLength'].map((n) => `sink.${n}`));
      expect(await field('sink.url').getAttribute('placeholder')).toBe('(default: redis://127.0.0.1:6379)');
      expect(await field('sink.ttlSeconds').getAttribute('type')).toBe('number');
      expect(await field('sink.ttlSeconds').getAttribute('title')).toBe(
        'set only: expire the key after this many seconds.',
      );
      expect(await field('sink.command').locator('option').allTextContents()).toEqual([
        '(required)',
        'set',
        'lpush',
        'rpush',
        'xadd',
        'publish',
      ]);
      await field('sinkType').selectOption('postgres');
      expect(await field('sink.password').getAttribute('type')).toBe('password');
      expect(await field('sink.connectionString').getAttribute('type')).toBe('password');
      expect(await field('sink.table').getAttribute('type')).toBe('text');
    },
  );

  it('creates a task through the form, listing what the API refused next to it first', BROWSER_TEST, async () => {
    await page.getByRole('button', { name: 'New task' }).click();
    await field('name').fill('paid');
    await field('source.topic').fill('orders');
    await field('source.offset').selectOption('earliest');
    await field('filter').fill('{"data":{"value":{"status":["paid"]}}');
    await page.getByRole('button', { name: 'Create task' }).click();
    await waitText('#form-errors li', /^filter: not JSON: /);
    await field('filter').fill('{"data":{"value":{"status":["paid"]}}}');
    await field('form').selectOption('JSONPATH');
    await field('value').fill('$.data.value.id');
    await field('sinkType').selectOption('file');
    await field('sink.path').fill('paid.txt');
    await field('concurrency').fill('99');
    await page.getByRole('button', { name: 'Create task' }).click();
    await waitText('#form-errors p', 'the task definition is not valid');
    await waitText('#form-errors li', /^concurrency: /);
    await field('concurrency').fill('2');
    await page.getByRole('button', { name: 'Create task' }).click();
    await waitText(`${cell('paid', 2)} .state`, 'running');
    await waitText(cell('paid', 3), 'kafka orders → file paid.txt');
    expect(streams.emulator.definition('paid')).toMatchObject({
      filter: { data: { value: { status: ['paid'] } } },
      transform: { form: 'JSONPATH', value: '$.data.value.id' },
      concurrency: 2,
    });
    await waitFor(async () => (await lines('paid.txt')).length === 1, 'the paid order delivered');
    expect(await lines('paid.txt')).toEqual(['a']);
  });

  it('creates a task with another source type from the inputs the registry lists for it', BROWSER_TEST, async () => {
    await writeFile(join(dir, 'app.log'), '{"line":1}\n{"line":2}\n');
    await page.getByRole('button', { name: 'New task' }).click();
    await field('name').fill('logs');
    await field('sourceType').selectOption('file-tail');
    expect(await field('source.topic').count()).toBe(0);
    expect(await field('source.from').locator('option').allTextContents()).toEqual([
      '(default: beginning)',
      'beginning',
      'end',
    ]);
    await field('source.paths').fill('app.log');
    await field('source.pollMs').fill('5');
    await field('form').selectOption('JSONPATH');
    await field('value').fill('$.data.body.line');
    await field('sinkType').selectOption('file');
    await field('sink.path').fill('lines.txt');
    await page.getByRole('button', { name: 'Create task' }).click();
    await waitText('#form-errors li', /^source\.pollMs: must be an integer from 10 to /);
    await field('source.pollMs').fill('');
    await page.getByRole('button', { name: 'Create task' }).click();
    await waitText(`${cell('logs', 2)} .state`, 'running');
    await waitText(cell('logs', 3), 'file-tail app.log → file lines.txt');
    await waitFor(async () => (await lines('lines.txt')).length === 2, 'both log lines delivered');
    expect(await lines('lines.txt')).toEqual(['1', '2']);
    await streams.emulator.remove('logs'); // the tests after this one count the tasks
  });

  it('draws the metrics charts of the selected task once events flowed', BROWSER_TEST, async () => {
    await row('copy').getByRole('button', { name: 'copy' }).click();
    await waitText('#selected-name', 'copy');
    await page.waitForFunction(() =>
      /^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+/.test(document.querySelector('#tps-chart path.line')?.getAttribute('d') ?? ''),
    );
    await page.locator('#backlog-chart path.line').waitFor({ state: 'attached' });
    await waitText('#backlog-now', '0');
  });

  it(
    'lists a dead letter with its original event, and redrives it once the task is fixed in the editor',
    BROWSER_TEST,
    async () => {
      await row('ids').getByRole('button', { name: 'ids' }).click();
      await waitText('#selected-name', 'ids');
      await waitText('#dl-rows tr td:nth-child(2)', 'transform.nothing-selected');
      await waitText('#dl-rows tr td:nth-child(4)', '1');
      await waitText('#dl-rows .message', /\$\.data\.value\.id/);
      expect(await page.locator('#dl-rows pre').isVisible()).toBe(false);
      await page.locator('#dl-rows summary').click();
      await page.locator('#dl-rows pre').waitFor({ state: 'visible' });
      const original = JSON.parse((await page.locator('#dl-rows pre').textContent()) ?? '');
      expect(original.data.value).toEqual({ other: 2 });
      expect(original).not.toHaveProperty('errorcode');

      await row('ids').getByRole('button', { name: 'Edit' }).click();
      await waitText('#editor-title', 'Edit task ids');
      expect(await field('name').inputValue()).toBe('ids');
      expect(await field('value').inputValue()).toBe('$.data.value.id');
      await field('value').fill('$.data.value');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await waitText('#notice', 'Updated task ids (running).');
      expect(streams.emulator.definition('ids')).toMatchObject({
        transform: { form: 'JSONPATH', value: '$.data.value' },
        errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'ids-dlq' } },
      });

      await page.locator('#dl-all').check();
      await page.getByRole('button', { name: 'Redrive selected (1)' }).click();
      await waitText('#dl-outcome', 'redriven 1: 1 delivered, 0 dead-lettered again, 0 dropped');
      expect((await lines('ids.txt')).sort()).toEqual(['a', 'c', '{"other":2}']);
    },
  );

  it('deletes a task once the dialog is confirmed', BROWSER_TEST, async () => {
    await row('paid').getByRole('button', { name: 'Delete' }).click();
    await row('paid').waitFor({ state: 'detached' });
    expect(streams.emulator.list().map((t) => t.name)).toEqual(['copy', 'ids']);
    expect(pageErrors).toEqual([]);
  });

  it("shows why a task with tolerance NONE stopped, under Alibaba's name for its state", BROWSER_TEST, async () => {
    await streams.emulator.create({
      name: 'strict',
      source,
      transform: { form: 'JSONPATH', value: '$.data.value.id' },
      sink: { type: 'file', path: 'strict.txt' },
      errors: { tolerance: 'NONE' },
    });
    await waitText(`${cell('strict', 2)} .state`, 'failed');
    await waitText(`${cell('strict', 2)} .reason`, /^RUNNING_FAILED: .*\$\.data\.value\.id/);
    expect(await page.locator(`${cell('strict', 2)} .state`).getAttribute('title')).toBe(
      'Alibaba EventBridge status: RUNNING_FAILED',
    );
    expect(pageErrors).toEqual([]);
  });
});
