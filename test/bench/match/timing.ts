// The timing discipline of ../shared/bench/bench-reference.mjs, so figures compare: warm up on
// growing prefixes (≤ 2,000 events), pick the largest checkpoint prefix whose 3 passes fit the
// budget, then time whole passes; report the median and the best.

/** Prefix sizes expected.json has totals for. */
export const CHECKPOINTS = [10, 100, 1000, 10000];

/** Matches one event, adding to per-rule counts; returns how many rules matched. */
export type PerEvent<T> = (input: T, counts: Int32Array) => number;

/** The figures of one timed run. */
export interface Timed {
  eventsPerSec: number;
  bestEventsPerSec: number;
  matches: number;
  events: number;
  reps: number;
  counts: Int32Array;
}

function pass<T>(perEvent: PerEvent<T>, inputs: readonly T[], n: number, counts: Int32Array) {
  let matches = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) matches += perEvent(inputs[i]!, counts);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, matches };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Times `perEvent` over `inputs` within `budget` seconds (at most `maxReps` passes). */
export function timePasses<T>(
  perEvent: PerEvent<T>,
  inputs: readonly T[],
  rules: number,
  budget: number,
  maxReps: number,
): Timed {
  let probeN = Math.min(10, inputs.length);
  let probe: { seconds: number };
  for (;;) {
    probe = pass(perEvent, inputs, probeN, new Int32Array(rules));
    if (probe.seconds > 0.25 || probeN >= Math.min(2000, inputs.length)) break;
    probeN = Math.min(probeN * 4, 2000, inputs.length);
  }
  const cost = probe.seconds / probeN;
  const sizes = [...CHECKPOINTS.filter((c) => c < inputs.length), inputs.length];
  let n = sizes[0]!;
  for (const size of sizes) if (cost * size * 3 <= budget) n = size;
  const rates: number[] = [];
  let counts = new Int32Array(rules);
  let matches = 0;
  const deadline = Date.now() + budget * 1000;
  while (rates.length < maxReps && (rates.length < 1 || Date.now() + (n / median(rates)) * 1000 < deadline)) {
    counts = new Int32Array(rules);
    const rep = pass(perEvent, inputs, n, counts);
    rates.push(n / rep.seconds);
    matches = rep.matches;
  }
  return {
    eventsPerSec: Math.round(median(rates)),
    bestEventsPerSec: Math.round(Math.max(...rates)),
    matches,
    events: n,
    reps: rates.length,
    counts,
  };
}
