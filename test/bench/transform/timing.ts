// The timing rules of ../shared/bench/transforms/README.md ("What is timed"), as the reference
// runner applies them: warm up on growing prefixes, take the largest checkpoint prefix whose
// 3 passes fit the budget, one untimed pass that keeps and hashes every output, then timed
// passes (a full GC before each) keeping outputs in a ring of 1,024; median and best.
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How a peer is called: per event (its parsed form and its line; awaited only when it returns a
 * promise, as the task runtime does), or per batch of events.
 */
export type Peer =
  | { kind: 'event'; fn: (event: unknown, line: string) => string[] | Promise<string[]> }
  | { kind: 'batch'; batch: number; fn: (events: unknown[], lines: string[]) => Promise<string[]> };

/** A timed line's figures. */
export interface Timed {
  eventsPerSec: number;
  bestEventsPerSec: number;
  events: number;
  outputs: number;
  reps: number;
  outputsSha256: string;
}

type Loop = (
  fn: unknown,
  events: unknown[],
  lines: string[],
  n: number,
  out: string[],
  mask: number,
) => Promise<number>;

const CHECKPOINTS = [10, 100, 1000, 10000];
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => Loop;
let loopTag = 0;

let gc: () => void = () => {};
try {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
} catch {
  // no forced GC: passes are a little noisier
}

/** Each peer its own copy of the loop (distinct source), so V8's type feedback is not shared. */
function makeLoop(peer: Peer, name: string): Loop {
  const tag = `// loop ${++loopTag}: ${name}`;
  if (peer.kind === 'event') {
    // A plain loop while the peer answers at once (as the task runtime's loop runs); it hands over to an
    // await only for an answer that is a promise, then carries on plainly from the next event.
    const plain = new Function(
      'fn',
      'events',
      'lines',
      'n',
      'out',
      'mask',
      'start',
      'k',
      `${tag}
for (let i = start; i < n; i++) {
  const r = fn(events[i], lines[i]);
  if (!Array.isArray(r)) return { i, k, pending: r };
  for (let j = 0; j < r.length; j++) out[(k++) & mask] = r[j];
}
return { i: n, k, pending: undefined };`,
    ) as (...args: unknown[]) => { i: number; k: number; pending: Promise<string[]> | undefined };
    return async (fn, events, lines, n, out, mask) => {
      let state = plain(fn, events, lines, n, out, mask, 0, 0);
      while (state.pending !== undefined) {
        const r = await state.pending;
        let k = state.k;
        for (let j = 0; j < r.length; j++) out[k++ & mask] = r[j]!;
        state = plain(fn, events, lines, n, out, mask, state.i + 1, k);
      }
      return state.k;
    };
  }
  return new AsyncFunction(
    'fn',
    'events',
    'lines',
    'n',
    'out',
    'mask',
    `${tag}
const B = ${peer.batch};
let k = 0;
for (let i = 0; i < n; i += B) {
  const end = i + B < n ? i + B : n;
  const r = await fn(events.slice(i, end), lines.slice(i, end));
  for (let j = 0; j < r.length; j++) out[(k++) & mask] = r[j];
}
return k;`,
  );
}

async function timePass(loop: Loop, peer: Peer, events: unknown[], lines: string[], n: number) {
  const ring = new Array<string>(1024).fill('');
  const start = process.hrtime.bigint();
  const outputs = await loop(peer.fn, events, lines, n, ring, 1023);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, outputs };
}

/** sha256 of the outputs joined by "\n" (UTF-8, no trailing newline), as the reference hashes them. */
export function sha256Lines(outputs: readonly string[]): string {
  const hash = createHash('sha256');
  outputs.forEach((output, i) => {
    if (i > 0) hash.update('\n');
    hash.update(output);
  });
  return hash.digest('hex');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Times one peer over the events with the reference runner's rules. */
export async function timePeer(
  peer: Peer,
  name: string,
  events: unknown[],
  lines: string[],
  options: { budget: number; maxReps: number },
): Promise<Timed> {
  const loop = makeLoop(peer, name);
  const total = events.length;
  let probeN = Math.min(10, total);
  let probe = await timePass(loop, peer, events, lines, probeN);
  while (probe.seconds <= 0.25 && probeN < Math.min(2000, total)) {
    probeN = Math.min(probeN * 4, 2000, total);
    probe = await timePass(loop, peer, events, lines, probeN);
  }
  const perEvent = Math.min(probe.seconds, (await timePass(loop, peer, events, lines, probeN)).seconds) / probeN;
  const sizes = [...CHECKPOINTS.filter((s) => s < total), total];
  let n = sizes[0]!;
  for (const s of sizes) if (perEvent * s * 3 <= options.budget) n = s;

  const all: string[] = [];
  const outputs = await loop(peer.fn, events, lines, n, all, 0x7fffffff);
  const outputsSha256 = sha256Lines(all);
  all.length = 0;

  const rates: number[] = [];
  const deadline = Date.now() + options.budget * 1000;
  while (rates.length < 3 || (rates.length < options.maxReps && Date.now() + (n / median(rates)) * 1000 < deadline)) {
    gc();
    const rep = await timePass(loop, peer, events, lines, n);
    if (rep.outputs !== outputs) throw new Error(`pass made ${rep.outputs} outputs, the hashing pass ${outputs}`);
    rates.push(n / rep.seconds);
  }
  return {
    eventsPerSec: Math.round(median(rates)),
    bestEventsPerSec: Math.round(Math.max(...rates)),
    events: n,
    outputs,
    reps: rates.length,
    outputsSha256,
  };
}
