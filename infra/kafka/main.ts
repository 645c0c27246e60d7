/**
 * `npm run kafka -- [--brokers 1|3] [--data-dir DIR] [--fetch-only]`: Apache Kafka on loopback for
 * development, tests and benchmarks. Prints `bootstrap=127.0.0.1:P1[,…]` once every broker serves,
 * runs until SIGINT or SIGTERM, then stops the brokers it started and exits 0.
 */

import { KAFKA_VERSION, startKafkaCluster } from './cluster.js';
import { kafkaJars } from './fetch.js';

const USAGE = 'usage: npm run kafka -- [--brokers 1|3] [--data-dir DIR] [--exit-with PID] [--fetch-only] [--connect]';

/** The parsed flags. */
export interface KafkaScriptArgs {
  nodes: 1 | 3;
  dir?: string;
  /** Stop once this process is gone (a test run that started the broker and died). */
  exitWith?: number;
  fetchOnly: boolean;
  /** With --fetch-only: fetch Kafka Connect's jars too. */
  connect: boolean;
}

/** Parses the script's flags; throws a usage error naming the bad flag. */
export function parseKafkaArgs(args: string[]): KafkaScriptArgs {
  const parsed: KafkaScriptArgs = { nodes: 1, fetchOnly: false, connect: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--brokers') {
      const value = args[++i];
      if (value !== '1' && value !== '3') throw new Error(`--brokers: expected 1 or 3, got ${value ?? 'nothing'}`);
      parsed.nodes = value === '3' ? 3 : 1;
    } else if (flag === '--data-dir') {
      const value = args[++i];
      if (value === undefined || value === '') throw new Error('--data-dir: expected a folder');
      parsed.dir = value;
    } else if (flag === '--exit-with') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value <= 0)
        throw new Error(`--exit-with: expected a process id, got ${args[i] ?? 'nothing'}`);
      parsed.exitWith = value;
    } else if (flag === '--fetch-only') parsed.fetchOnly = true;
    else if (flag === '--connect') parsed.connect = true;
    else throw new Error(`unknown flag ${flag}`);
  }
  return parsed;
}

/** Runs the script; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: KafkaScriptArgs;
  try {
    args = parseKafkaArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    if (args.fetchOnly) {
      console.log(`kafka=${await kafkaJars('broker')}`);
      if (args.connect) console.log(`connect=${await kafkaJars('connect')}`);
      return 0;
    }
    console.error(`starting Apache Kafka ${KAFKA_VERSION} (${args.nodes} node${args.nodes === 1 ? '' : 's'}, KRaft)…`);
    const cluster = await startKafkaCluster({
      nodes: args.nodes,
      ...(args.dir === undefined ? {} : { dir: args.dir }),
    });
    console.log(`bootstrap=${cluster.bootstrap.join(',')}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      if (args.exitWith !== undefined) watchOwner(args.exitWith, resolve);
    });
    console.error('stopping Kafka…');
    await cluster.stop();
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

/** Calls `gone` once process `pid` no longer exists (checked every 2 s). */
function watchOwner(pid: number, gone: () => void): void {
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch {
      clearInterval(timer);
      gone();
    }
  }, 2000);
  timer.unref();
}
