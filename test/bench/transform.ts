// `npm run bench -- transform --workload DIR [--forms F,…] [--events N] [--budget S] [--max-reps N]
//   [--batches 100] [--reference]`
// Times conflux's transforms on the shared workload with the specs and timing rules of
// ../shared/bench/transforms/README.md ("How an implementation reports"): parsed events in
// (ORIGINAL also from the line's text, as `(text)`), the strings the runtime hands a sink out,
// one JSON line per (form, spec). `--reference` then runs the reference runner in the same
// session (from the project root, so its jsonata/jsonpath-plus peers run) and prints the ratios
// to the targets on stderr.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileTransform } from '../../functions/transformers/compile.js';
import { type Line, ratioRows } from './transform/ratios.js';
import { confluxSpec, loadReference, REFERENCE_RUNNER, runReference } from './transform/reference.js';
import { type Peer, sha256Lines, timePeer } from './transform/timing.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const PEER = `conflux@${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
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
  for (const c of specs) {
    const t0 = process.hrtime.bigint();
    const transform = compileTransform(confluxSpec(c), {
      baseDir: dirname(REFERENCE_RUNNER),
      functionName: 'conflux-bench',
    });
    await transform.ready();
    const prepareMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
    const peers: [string, Peer, number | undefined][] =
      c.form === 'FUNCTION'
        ? opts.batches.map((batch) => [
            PEER,
            { kind: 'batch', batch, fn: (batch_) => transform.batch(batch_ as never) },
            batch,
          ])
        : [[PEER, { kind: 'event', fn: (event) => transform(event as never) }, undefined]];
    if (c.form === 'FUNCTION') {
      for (const batch of opts.batches) {
        peers.push([
          `${PEER} (text)`,
          { kind: 'batch', batch, fn: (b, texts) => transform.batch(b as never, texts) },
          batch,
        ]);
      }
    }
    if (c.form === 'ORIGINAL')
      peers.push([
        `${PEER} (text)`,
        { kind: 'event', fn: (event, line) => transform(event as never, line) },
        undefined,
      ]);
    for (const [name, peer, batch] of peers) {
      const timed = await timePeer(peer, name, events, lines, opts);
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
      mine.push(line);
      console.log(JSON.stringify(line));
    }
    await transform.close();
  }
  if (opts.reference) {
    const forms = [...new Set(specs.map((c) => c.form))].join(',');
    const peerLines = (await runReference(
      dir,
      [
        '--forms',
        forms,
        '--budget',
        String(opts.budget),
        '--max-reps',
        String(opts.maxReps),
        ...(Number.isFinite(opts.events) ? ['--events', String(opts.events)] : []),
      ],
      ROOT,
    )) as Line[];
    for (const line of peerLines) console.error(`reference ${JSON.stringify(line)}`);
    for (const row of ratioRows(mine, peerLines)) console.error(`ratio ${JSON.stringify(row)}`);
  }
  return mine.every((line) => line.agree) ? 0 : 1;
}
