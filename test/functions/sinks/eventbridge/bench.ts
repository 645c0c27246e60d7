import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { SinkWriter } from '../../../../bus/task/contract.js';
import { eventbridgeSinkConfig } from '../../../../functions/sinks/eventbridge/config.js';
import { connect } from '../../../../functions/sinks/eventbridge/send.js';
import { startBench } from '../../../bus/emulator/eventbridge/setup.js';
import { waitFor } from '../../../helpers/process.js';

// The SDK's default credential chain reads these; the emulator accepts any signature.
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';

/** A TCP proxy in front of the emulator, so a test can break the sink's connections from the service side. */
async function proxy(port: number) {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    breakAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The emulator with one task, `sinked` (file sink), and a rule sending every event of source
 * `conformance` to it; the sink under test puts events there through a proxy. `received()` waits
 * until the task's file holds as many events as the sink's writes acknowledged.
 */
export async function eventBridgeTarget(sink: Record<string, unknown> = {}) {
  // the sink reaches the emulator through a proxy on another port: allowed as a user would, with --allow-host
  const bench = await startBench(['sinked'], ['127.0.0.1']);
  await bench.client.send(
    new PutRuleCommand({ Name: 'all', EventPattern: JSON.stringify({ source: ['conformance'] }) }),
  );
  await bench.client.send(
    new PutTargetsCommand({ Rule: 'all', Targets: [{ Id: 'sinked', Arn: 'arn:conflux:task:sinked' }] }),
  );
  const front = await proxy(bench.streams.port);
  let acknowledged = 0;
  const lines = async () =>
    (await bench.delivered('sinked')) as { detail: unknown; source: string; 'detail-type': string }[];
  return {
    bench,
    connect: async (): Promise<SinkWriter> => {
      const config = eventbridgeSinkConfig.parse({
        type: 'eventbridge',
        endpoint: front.url,
        source: 'conformance',
        detailType: 'Conformance Test',
        ...sink,
      });
      const writer = await connect(config, { baseDir: bench.dir });
      return {
        write: async (messages) => {
          await writer.write(messages);
          acknowledged += messages.length;
        },
        close: () => writer.close(),
      };
    },
    /** The events the task got, once it has at least as many as were acknowledged. */
    events: async () => {
      await waitFor(async () => (await lines()).length >= acknowledged, `${acknowledged} events in sinked.jsonl`);
      return lines();
    },
    breakConnection: async () => front.breakAll(),
    cleanup: async () => {
      await front.close();
      await bench.close();
      await rm(bench.dir, { recursive: true, force: true });
    },
  };
}
