import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, POSTGRES_URL, uniqueTable } from '../functions/sinks/postgres/target.js';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

describe('a stream from the embedded bus into PostgreSQL, through conflux run', () => {
  let running: CliProcess | undefined;
  let table: string | undefined;
  afterEach(async () => {
    running?.child.kill('SIGKILL');
    running = undefined;
    if (table !== undefined) await admin(`DROP TABLE IF EXISTS ${table}`);
  });

  it('upserts the paid orders as rows, the last status of each order winning', async () => {
    table = uniqueTable();
    await admin(`CREATE TABLE ${table} (id text PRIMARY KEY, status text NOT NULL, total numeric, body jsonb)`);
    const dir = await mkdtemp(join(tmpdir(), 'conflux-pg-e2e-'));
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: orders-to-pg
    source: { type: kafka, topic: orders, offset: earliest }
    filter: { data: { value: { status: [paid, refunded] } } }
    sink:
      type: postgres
      connectionString: ${POSTGRES_URL}
      table: ${table}
      mode: upsert
      conflictKey: [id]
      columns:
        id: { form: JSONPATH, value: $.data.value.id }
        status: { form: JSONPATH, value: $.data.value.status }
        total: { form: JSONPATH, value: $.data.value.total }
        body: { form: JSONPATH, value: $.data.value }
    concurrency: 4
`,
    );
    // 300 events over 100 orders: new, then paid, then (every third order) refunded
    const events = ['new', 'paid', 'refunded'].flatMap((status, round) =>
      Array.from({ length: 100 }, (_, i) => ({ id: `o${i}`, status, total: i + round / 10 })).filter(
        (e) => e.status !== 'refunded' || Number(e.id.slice(1)) % 3 === 0,
      ),
    );
    const stdin = events.map((e) => JSON.stringify(e)).join('\n');
    expect((await runCliProcess(['produce', '--topic', 'orders', '--key', '$.id'], { cwd: dir, stdin })).code).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    const rows = async () =>
      admin<{ id: string; status: string; total: string; body: { id: string } }>(`SELECT * FROM ${table} ORDER BY id`);
    await waitFor(async () => {
      const got = await rows();
      return got.length === 100 && got.filter((r) => r.status === 'refunded').length === 34;
    }, '100 rows, 34 of them refunded');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    const got = await rows();
    for (const row of got) {
      const i = Number(row.id.slice(1));
      const refunded = i % 3 === 0;
      expect(row.status).toBe(refunded ? 'refunded' : 'paid');
      expect(Number(row.total)).toBe(i + (refunded ? 0.2 : 0.1));
      expect(row.body).toMatchObject({ id: row.id, status: row.status });
    }
  });
});
