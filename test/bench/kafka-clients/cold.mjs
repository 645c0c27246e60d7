// node test/bench/kafka-clients/cold.mjs BOOTSTRAP RUNS name...: per bundle built by bundle.mjs, RUNS fresh Node
// processes, interleaved; each imports DIST/<name>.mjs, then connects, produces one record to the topic `cold`
// (acks=all) and closes. Medians of: the import, import + produce, and the whole process (spawn to exit).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DIST } from './dist.mjs';

const [bootstrap, runsArg, ...names] = process.argv.slice(2);
const admin = new Kafka({ clientId: 'cold-admin', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'cold', numPartitions: 1 }] }); // false when it exists
await admin.disconnect();
const script = (file) => `
Promise.withResolvers ??= () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
const t0 = performance.now();
const m = await import(${JSON.stringify(file)});
const t1 = performance.now();
await m.run(${JSON.stringify(bootstrap.split(','))});
const t2 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, total: t2 - t0 }));
process.exit(0);`;
const results = Object.fromEntries(names.map((n) => [n, { import: [], total: [], process: [] }]));
for (let i = 0; i < Number(runsArg); i++)
  for (const name of names) {
    const s = performance.now();
    const out = execFileSync('node', ['--input-type=module', '-e', script(join(DIST, `${name}.mjs`))], {
      encoding: 'utf8',
    });
    const proc = performance.now() - s;
    const r = JSON.parse(out.trim().split('\n').pop());
    results[name].import.push(r.import);
    results[name].total.push(r.total);
    results[name].process.push(proc);
  }
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)].toFixed(0);
for (const [name, r] of Object.entries(results))
  console.log(
    `${name.padEnd(18)} import ${med(r.import).padStart(5)} ms  import+connect+produce ${med(r.total).padStart(5)} ms  process ${med(r.process).padStart(5)} ms`,
  );
