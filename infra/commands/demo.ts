import { relative, resolve } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../../bus/emulator/emulator.js';
import { openProducer } from '../../bus/log/index.js';
import type { SinkMessage } from '../../bus/task/contract.js';
import { loadConfig } from '../config/index.js';
import { sampleOrder } from '../demo/orders.js';
import { startStreams } from '../wire/streams.js';
import { type Command, parseFlags, UsageError } from './command.js';

const demoConfig = fileURLToPath(new URL('../../examples/demo.yaml', import.meta.url));

/** `conflux demo` (what `npm start` runs): the demo config on the embedded bus, fed with sample orders. */
export const command: Command = {
  name: 'demo',
  summary: 'run a demo stream on the embedded bus (what `npm start` does)',
  usage: 'conflux demo [--events N] [--interval-ms 400] [--port 4010] [--data-dir .conflux]',
  async run(args, io) {
    const { values } = parseFlags(args, {
      events: { type: 'string' },
      'interval-ms': { type: 'string', default: '400' },
      port: { type: 'string', default: '4010' },
      'data-dir': { type: 'string', default: '.conflux' },
    });
    const limit = values.events === undefined ? Number.POSITIVE_INFINITY : Number(values.events);
    const interval = Number(values['interval-ms']);
    if (!(limit > 0) || !(interval >= 0))
      throw new UsageError('--events must be positive and --interval-ms not negative');
    const { config } = await loadConfig(demoConfig);
    const dataDir = resolve(io.cwd, values['data-dir']);
    const say = (line: string) => io.stdout.write(`${line}\n`);
    const streams = await startStreams(config, {
      baseDir: io.cwd,
      dataDir,
      port: Number(values.port),
      stdout: prefixLines(io.stdout, '  → stdout sink: '),
      listener: { delivered: (task, messages) => showDelivery(say, task, messages, config.tasks) },
    });
    const producer = await openProducer({ log: streams.log });
    const topic = 'demo-orders';
    say(
      `conflux demo: feeding sample orders into topic ${topic} of the embedded bus (${relative(io.cwd, dataDir) || '.'})`,
    );
    say(`tasks: ${config.tasks.map((t) => t.name).join(', ')}; task API on http://127.0.0.1:${streams.port}/api/tasks`);
    say('Ctrl-C stops the demo.\n');
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let first = 0; // continue numbering where an earlier demo run stopped
    for (let p = 0; p < (await streams.log.partitions(topic)); p++) first += await streams.log.endOffset(topic, p);
    for (let n = 0; n < limit && !stop.signal.aborted; n++) {
      const order = sampleOrder(first + n);
      await producer.send(topic, [{ key: order.orderId, value: JSON.stringify(order) }]);
      say(`  produced ${order.orderId} (${order.status}, ${order.amount.total} ${order.amount.currency})`);
      await new Promise((done) => setTimeout(done, interval));
    }
    if (Number.isFinite(limit)) await caughtUp(streams.emulator, limit, stop.signal);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await producer.close();
    await streams.close();
    say('\nstopped. Where to look next:');
    say('  cat .conflux/demo/paid-orders.txt                         # what the file sink received');
    say(`  npx conflux consume --topic ${topic} --from-beginning      # the topic itself`);
    say('  examples/demo.yaml, examples/conflux.yaml, README.md      # change the tasks, write your own');
    return 0;
  },
};

function showDelivery(
  say: (line: string) => void,
  task: string,
  messages: SinkMessage[],
  tasks: { name: string; sink: { type: string; path?: string } }[],
): void {
  const sink = tasks.find((t) => t.name === task)?.sink;
  if (sink?.type !== 'file') return; // the stdout sink prints its payloads itself
  for (const message of messages) say(`  → ${task}: ${message.payload}  ⇒ ${sink.path}`);
}

/** Waits (bounded) until every task has read `count` events, so `--events N` ends with all N delivered. */
async function caughtUp(emulator: Emulator, count: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!signal.aborted && Date.now() < deadline) {
    if (emulator.list().every((task) => task.metrics.eventsIn >= count || task.state !== 'running')) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** A stream that writes each line to `out` behind `prefix`. */
function prefixLines(out: Writable, prefix: string): Writable {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8').replace(/^(?=.)/gm, prefix);
      done(null, text);
    },
  });
  stream.pipe(out);
  return stream;
}
