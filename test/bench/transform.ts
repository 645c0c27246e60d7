// `npm run bench -- transform --workload DIR [--forms F,…] [--events N] [--budget S] [--max-reps N]
//   [--batches 100] [--reference]`
// Times conflux's transforms on the shared workload with the specs and timing rules of
// ../shared/bench/transforms/README.md ("How an implementation reports"): parsed events in
// (ORIGINAL also from the line's text, and JSONPATH also from Kafka records whose value is still
// unread text, as `(text)`), the strings the runtime hands a sink out,
// one JSON line per (form, spec). `--reference` also runs the reference runner's baseline peers
// of each form right before and right after conflux's lines (from the project root, so its
// jsonata/jsonpath-plus peers run), echoes their lines on stderr, and ends with the ratios to the
// targets (to the mean of the two baseline runs) on stderr.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CloudEvent } from '../../bus/event.js';
import { type CompiledTransform, compileTransform } from '../../functions/transformers/compile.js';
import { asKafkaEvents } from './transform/kafka-input.js';
import { type Line, ratioRows } from './transform/ratios.js';
import { type BenchSpec, confluxSpec, loadReference, REFERENCE_RUNNER, runReference } from './transform/reference.js';
import { type Peer, sha256Lines, timePeer } from './transform/timing.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const PEER = `conflux@${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
/** The reference peers each form's target is a ratio to (`--peers` substrings of the runner). */
const BASELINES: Record<string, string> = {
  ORIGINAL: 'JSON.stringify',
  CONSTANT: 'return-constant',
  JSONPATH: 'jsonpath-plus',
  TEMPLATE: 'jsonpath-plus',
  JSONATA: 'jsonata',
  FUNCTION: 'worker-thread',
};
const USAGE =
  'usage: npm run bench -- transform --workload DIR [--forms F,…] [--events N] [--budget S] [--max-reps N] [--batches 100] [--reference]';

/** Runs the benchmark; one JSON line per (form, spec[, batch]) on stdout. */
export async function run(args: string[]): Promise<number> {
  const opts = {
    workload: '/tmp/workload',
    forms: [] as string[],
    events: Infinity,
    budget: 12,
    maxReps: 5,
    batches: [100],
    reference: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--workload') opts.workload = args[++i]!;
    else if (a === '--forms') opts.forms = args[++i]!.toUpperCase().split(',');
    else if (a === '--events') opts.events = Number(args[++i]);
    else if (a === '--budget') opts.budget = Number(args[++i]);
    else if (a === '--max-reps') opts.maxReps = Math.max(3, Number(args[++i]));
    else if (a === '--batches') opts.batches = args[++i]!.split(',').map(Number);
    else if (a === '--reference') opts.reference = true;
    else {
      console.error(`${USAGE} (got ${a})`);
      return 2;
    }
  }
  const dir = resolve(opts.workload);
  let lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  if (lines.length > opts.events) lines = lines.slice(0, opts.events);
  const events: unknown[] = lines.map((line) => JSON.parse(line));
  const reference = await loadReference();
  const specs = reference.SPECS.filter((c) => opts.forms.length === 0 || opts.forms.includes(c.form));
  const mine: Line[] = [];
  const peerLines: Line[] = [];
  const referenceArgs = ['--budget', String(opts.budget), '--max-reps', String(opts.maxReps)];
  if (Number.isFinite(opts.events)) referenceArgs.push('--events', String(opts.events));
  const baselines = async (form: string) => {
    if (!opts.reference) return;
    const peers = ['--forms', form, '--peers', BASELINES[form] ?? form];
    for (const line of (await runReference(dir, [...peers, ...referenceArgs], ROOT)) as Line[]) {
      peerLines.push(line);
      console.error(`reference ${JSON.stringify(line)}`);
    }
  };
  for (const form of new Set(specs.map((c) => c.form))) {
    // The machine is shared and its load drifts: each form's baselines run right before and right
    // after conflux's lines, and a ratio is taken to the mean of the two.
    await baselines(form);
    for (const c of specs.filter((s) => s.form === form))
      mine.push(...(await timeSpec(c, events, lines, reference, opts)));
    await baselines(form);
  }
  if (opts.reference) for (const row of ratioRows(mine, peerLines)) console.error(`ratio ${JSON.stringify(row)}`);
  return mine.every((line) => line.agree) ? 0 : 1;
}

/** A line of conflux's: its name, how it is called, its batch, and whether its events come decoded from Kafka records. */
type ConfluxPeer = [string, Peer, number | undefined, 'kafka'?];

/** conflux's lines for a spec: the public API on parsed events; `(text)` where the runtime can pass text on. */
function confluxPeers(form: string, transform: CompiledTransform, batches: number[]): ConfluxPeer[] {
  const call = (event: unknown, text?: string) => transform.outputs(event as CloudEvent, text);
  const batch = (events: unknown[], texts?: string[]) => transform.batch(events as CloudEvent[], texts);
  if (form === 'FUNCTION') {
    return [
      ...batches.map((n): [string, Peer, number] => [
        PEER,
        { kind: 'batch', batch: n, fn: (events) => batch(events) },
        n,
      ]),
      ...batches.map((n): [string, Peer, number] => [`${PEER} (text)`, { kind: 'batch', batch: n, fn: batch }, n]),
    ];
  }
  const peers: ConfluxPeer[] = [[PEER, { kind: 'event', fn: (event) => call(event) }, undefined]];
  if (form === 'ORIGINAL') peers.push([`${PEER} (text)`, { kind: 'event', fn: call }, undefined]);
  if (form === 'JSONPATH')
    peers.push([`${PEER} (text)`, { kind: 'event', fn: (event) => call(event) }, undefined, 'kafka']);
  return peers;
}

/** conflux's lines for one spec: compile (outside the timing, as prepareMs), time, check the sha256. */
async function timeSpec(
  c: BenchSpec,
  events: unknown[],
  lines: string[],
  reference: Awaited<ReturnType<typeof loadReference>>,
  opts: { budget: number; maxReps: number; batches: number[] },
): Promise<Line[]> {
  const t0 = process.hrtime.bigint();
  const transform = compileTransform(confluxSpec(c), {
    baseDir: dirname(REFERENCE_RUNNER),
    functionName: 'conflux-bench',
  });
  await transform.ready();
  const prepareMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
  const out: Line[] = [];
  for (const [name, peer, batch, input] of confluxPeers(c.form, transform, opts.batches)) {
    const timed = await timePeer(peer, name, input === 'kafka' ? asKafkaEvents(events) : events, lines, opts);
    const want = sha256Lines(events.slice(0, timed.events).map((e) => reference.referenceTransform(c, e)));
    const line: Line = {
      form: c.form,
      spec: c.spec,
      peer: name,
      ...(batch === undefined ? {} : { batch }),
      ...timed,
      prepareMs,
      agree: timed.outputsSha256 === want,
    };
    console.log(JSON.stringify(line));
    out.push(line);
  }
  await transform.close();
  return out;
}
