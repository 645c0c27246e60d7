// `npm run bench -- match --workload DIR [--rules 1,10,100,1000] [--budget S] [--max-reps N]`
// Times the router on the shared workload (../shared/bench/README.md, "How an implementation
// reports"): JSON text in, parsed (JSON.parse) and matched as the emulator does (Router.matchIds),
// rules compiled outside the timing, one thread, median of passes.
// Extra lines: pre-parsed events at R=1 (`input: "parsed"`) and heap used per 1,000 rules.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Router } from '../../bus/router/index.js';
import { timePasses } from './match/timing.js';

interface Rule {
  name: string;
  pattern: unknown;
}
interface Expected {
  events: number;
  files: Record<string, { totalMatchesOverFirstEvents: Record<string, number>; perRule: Record<string, number> }>;
}

const PEER = `conflux@${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;

/** Runs the benchmark; prints one JSON line per rule count, then the extra lines. */
export async function run(args: string[]): Promise<number> {
  const opts = { workload: '/tmp/workload', rules: [1, 10, 100, 1000], budget: 8, maxReps: 5, extras: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--workload') opts.workload = args[++i]!;
    else if (a === '--rules') opts.rules = args[++i]!.split(',').map(Number);
    else if (a === '--budget') opts.budget = Number(args[++i]);
    else if (a === '--max-reps') opts.maxReps = Number(args[++i]);
    else if (a === '--no-extras') opts.extras = false;
    else {
      console.error(
        `usage: npm run bench -- match --workload DIR [--rules 1,10,100,1000] [--budget S] [--max-reps N] [--no-extras] (got ${a})`,
      );
      return 2;
    }
  }
  const dir = resolve(opts.workload);
  const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const allRules = JSON.parse(readFileSync(join(dir, `rules-${Math.max(...opts.rules)}.json`), 'utf8')) as Rule[];
  for (const count of opts.rules) {
    const rules = allRules.slice(0, count);
    const t0 = process.hrtime.bigint();
    const router = build(rules);
    router.matchIds(JSON.parse(lines[0]!)); // compiles the index
    const prepareMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const timed = timePasses(
      (line: string, counts) => {
        const ids = router.matchIds(JSON.parse(line));
        for (let k = 0; k < ids.length; k++) counts[ids[k]!]!++;
        return ids.length;
      },
      lines,
      count,
      opts.budget,
      opts.maxReps,
    );
    const want = timed.events === lines.length ? null : await recount(rules, lines, timed.events);
    console.log(JSON.stringify(report(timed, rules, prepareMs, expected, want)));
  }
  if (opts.extras) await extras(dir, lines, allRules, expected, opts);
  return 0;
}

function build(rules: readonly Rule[]): Router {
  const router = new Router();
  for (const rule of rules) router.addRule(rule.name, rule.pattern);
  return router;
}

/**
 * Per-rule counts over the first `n` events from the shared reference evaluator (as
 * bench-reference.mjs does when a prefix was timed); expected.json has them only for all events.
 */
async function recount(rules: readonly Rule[], lines: string[], n: number): Promise<number[]> {
  const url = new URL('../../../shared/bench/gen-workload.mjs', import.meta.url);
  const { matchesPattern } = (await import(url.href)) as { matchesPattern: (p: unknown, e: unknown) => boolean };
  const want = new Array<number>(rules.length).fill(0);
  for (let i = 0; i < n; i++) {
    const event: unknown = JSON.parse(lines[i]!);
    for (const [k, rule] of rules.entries()) if (matchesPattern(rule.pattern, event)) want[k]!++;
  }
  return want;
}

function report(
  timed: ReturnType<typeof timePasses>,
  rules: readonly Rule[],
  prepareMs: number,
  expected: Expected,
  want: number[] | null,
) {
  const file = expected.files[`rules-${rules.length}.json`]!;
  const expectedMatches = file.totalMatchesOverFirstEvents[String(timed.events)];
  const wanted = (k: number, name: string) => (want === null ? file.perRule[name] : want[k]);
  const bad = rules.flatMap((r, k) =>
    timed.counts[k] === wanted(k, r.name) ? [] : [`${r.name} got ${timed.counts[k]} want ${wanted(k, r.name)}`],
  );
  const line: Record<string, unknown> = {
    peer: PEER,
    rules: rules.length,
    eventsPerSec: timed.eventsPerSec,
    bestEventsPerSec: timed.bestEventsPerSec,
    matches: timed.matches,
    events: timed.events,
    reps: timed.reps,
    prepareMs: Math.round(prepareMs * 10) / 10,
    expectedMatches,
    agree: timed.matches === expectedMatches && bad.length === 0,
  };
  if (bad.length > 0) Object.assign(line, { rulesDisagreeing: bad.length, exampleRules: bad.slice(0, 4) });
  return line;
}

async function extras(
  dir: string,
  lines: string[],
  allRules: Rule[],
  expected: Expected,
  opts: { budget: number; maxReps: number },
) {
  // Pre-parsed events at R=1: the first 10,000 events parsed before timing.
  const events = lines.slice(0, 10_000).map((line) => JSON.parse(line) as unknown);
  const rules = allRules.slice(0, 1);
  const router = build(rules);
  router.matchIds(events[0]);
  const timed = timePasses(
    (event: unknown, counts) => {
      const ids = router.matchIds(event);
      for (let k = 0; k < ids.length; k++) counts[ids[k]!]!++;
      return ids.length;
    },
    events,
    1,
    opts.budget,
    opts.maxReps,
  );
  const want = await recount(rules, lines, timed.events);
  console.log(JSON.stringify({ ...report(timed, rules, 0, expected, want), input: 'parsed' }));
  // Heap used by the router with 1,000 rules (patterns compiled and indexed), after GC.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const thousand = (JSON.parse(readFileSync(join(dir, 'rules-1000.json'), 'utf8')) as Rule[]).slice(0, 1000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = build(thousand);
  held.matchIds(JSON.parse(lines[0]!));
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(
    JSON.stringify({
      peer: PEER,
      measure: 'heap-per-1000-rules',
      rules: thousand.length,
      heapUsedMB: Math.round(((after - before) / 1e6) * 100) / 100,
      keptAlive: held.ruleNames().length,
    }),
  );
}
