import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { planChanges, transactionSql } from '../e2e/cdc-workload.js';
import { dropSlot } from '../helpers/pg-slot.js';
import { timeTask } from './sources/pipeline.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `npm run bench -- sources [--benches postgres-cdc,file-tail] [--changes 50000] [--lines 500000]`:
 * one JSON line per measurement, each source against the database's or the system's own tool on the
 * same input in the same run. postgres-cdc: a backlog of mixed changes in transactions of 50,
 * decoded by two pgoutput slots, one read by a conflux task into a file sink, one by
 * `pg_recvlogical` into a file. file-tail: a log file read from its start by a conflux task
 * (each line's JSON as the payload) and by `tail -F -n +1` into a file.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      benches: { type: 'string', default: 'postgres-cdc,file-tail' },
      changes: { type: 'string', default: '50000' },
      lines: { type: 'string', default: '500000' },
    },
  });
  const benches = values.benches.split(',');
  const emit = (line: object) => console.log(JSON.stringify(line));
  if (benches.includes('postgres-cdc')) for (const line of await benchPostgres(Number(values.changes))) emit(line);
  if (benches.includes('file-tail')) for (const line of await benchFileTail(Number(values.lines))) emit(line);
  return 0;
}

async function benchPostgres(total: number) {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-pg-'));
  const stamp = `${process.pid}`;
  const table = `bench_cdc_${stamp}`;
  const [ours, theirs, publication] = [`bench_conflux_${stamp}`, `bench_recv_${stamp}`, `bench_pub_${stamp}`];
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v int NOT NULL, note text)`);
    await admin.query(`CREATE PUBLICATION ${publication} FOR TABLE ${table}`);
    for (const slot of [ours, theirs])
      await admin.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
    for (const tx of planChanges(total, 50, Math.max(1000, total / 10))) await admin.query(transactionSql(table, tx));
    const { rows } = await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn');
    const endpos = rows[0]!.lsn;

    const seconds = await timeTask(
      dir,
      'bench-pg-cdc',
      { type: 'postgres-cdc', connectionString: PG_URL, tables: [table], slot: ours, publication },
      total,
    );
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('pg_recvlogical', [
        ...['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '--slot', theirs, '--start', '--no-loop'],
        ...[
          '-o',
          'proto_version=1',
          '-o',
          `publication_names=${publication}`,
          '-E',
          endpos,
          '-f',
          join(dir, 'recv.out'),
        ],
      ]);
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_recvlogical exited ${code}: ${err}`))));
    });
    const recvSeconds = (performance.now() - started) / 1000;
    const conflux = {
      bench: 'postgres-cdc',
      peer: 'conflux@0.1.0 postgres-cdc task → file sink (fdatasync per write, ORIGINAL: the whole CloudEvent)',
      changes: total,
      changesPerSec: Math.round(total / seconds),
      seconds: round(seconds),
    };
    const recv = {
      bench: 'postgres-cdc',
      peer: 'pg_recvlogical (pgoutput, same changes, raw protocol messages to a file, up to --endpos)',
      changes: total,
      changesPerSec: Math.round(total / recvSeconds),
      seconds: round(recvSeconds),
      bytes: (await stat(join(dir, 'recv.out'))).size,
    };
    return [conflux, recv, { bench: 'postgres-cdc', ratio: round(recvSeconds / seconds) }];
  } finally {
    for (const slot of [ours, theirs]) await dropSlot(admin, slot);
    await admin.query(`DROP PUBLICATION IF EXISTS ${publication}`);
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchFileTail(total: number) {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-tail-'));
  try {
    const input = join(dir, 'app.log');
    const text = Array.from(
      { length: total },
      (_, i) => `{"seq":${i},"level":"info","msg":"request served","path":"/orders/${i % 997}","ms":${i % 250}}\n`,
    ).join('');
    await writeFile(input, text);
    const bytes = Buffer.byteLength(text);
    const seconds = await timeTask(
      dir,
      'bench-file-tail',
      { type: 'file-tail', paths: ['app.log'], from: 'beginning' },
      total,
      { form: 'JSONPATH', value: '$.data.body' },
    );
    // tail -F has no end: it is stopped once its output holds every byte
    const output = join(dir, 'tail.out');
    const started = performance.now();
    const child = spawn('sh', ['-c', `exec tail -F -n +1 ${input} > ${output}`]);
    while (((await stat(output).catch(() => undefined))?.size ?? 0) < bytes) await new Promise((r) => setTimeout(r, 2));
    const tailSeconds = (performance.now() - started) / 1000;
    child.kill();
    return [
      {
        bench: 'file-tail',
        peer: 'conflux@0.1.0 file-tail task → file sink (fdatasync per write, JSONPATH $.data.body)',
        lines: total,
        bytes,
        linesPerSec: Math.round(total / seconds),
        seconds: round(seconds),
      },
      {
        bench: 'file-tail',
        peer: 'tail -F -n +1 into a file (GNU coreutils, no fsync)',
        lines: total,
        bytes,
        linesPerSec: Math.round(total / tailSeconds),
        seconds: round(tailSeconds),
      },
      { bench: 'file-tail', ratio: round(tailSeconds / seconds) },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
