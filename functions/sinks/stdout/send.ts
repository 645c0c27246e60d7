import type { Writable } from 'node:stream';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { payloadLines } from '../../adapters/source/lines.js';

/** Prints each payload on a line of `out` (standard output by default); acknowledged once flushed. */
export async function connect(_options: unknown, context: { stdout?: Writable } = {}): Promise<SinkWriter> {
  const out = context.stdout ?? process.stdout;
  return {
    write(messages) {
      return new Promise((resolve, reject) => {
        out.write(payloadLines(messages), (error) => (error ? reject(error) : resolve()));
      });
    },
    async close() {},
  };
}
