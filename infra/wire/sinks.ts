import type { Writable } from 'node:stream';
import { ConfluxError } from '../../bus/errors.js';
import type { EventLog } from '../../bus/log/types.js';
import type { SinkWriter } from '../../bus/task/contract.js';
import { findSink } from '../../functions/sinks/index.js';

/** What a sink's `connect` gets besides its own settings. */
export interface SinkContext {
  /** The folder conflux.yaml lives in; relative paths resolve from it. */
  baseDir: string;
  /** The emulator's data directory, where sinks keep what they must remember (the file sink: its own tail). */
  dataDir?: string;
  stdout?: Writable;
  /** The embedded bus, for Kafka sinks without brokers. */
  log?: EventLog;
}

/** Connects the sink a task's config describes. */
export async function connectSink(options: { type: string }, context: SinkContext): Promise<SinkWriter> {
  const line = findSink(options.type);
  if (line === undefined) {
    throw new ConfluxError('sink.unavailable', `the ${options.type} sink cannot run in the emulator yet`, {
      path: 'sink.type',
    });
  }
  const { connect } = await line.load();
  return connect(options as never, context as never);
}
