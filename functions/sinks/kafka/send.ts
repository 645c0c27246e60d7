import type { SinkWriter } from '../../../bus/emulator/types.js';
import { openProducer } from '../../../bus/log/index.js';
import type { EventLog } from '../../../bus/log/types.js';
import { compileTransform } from '../../transformers/compile.js';
import type { KafkaSinkConfig } from './config.js';
import { encode, type FieldRenderer, type KafkaFields } from './encode.js';

/**
 * Connects a producer (kafkajs when `brokers` are given, else the embedded bus) and compiles the
 * key and header specs once. A write resolves when the broker acknowledged every record (per `acks`).
 */
export async function connect(
  config: KafkaSinkConfig,
  context: { baseDir: string; log?: EventLog },
): Promise<SinkWriter> {
  const fields: KafkaFields = {};
  const render = (spec: unknown): FieldRenderer => {
    const transform = compileTransform(spec, { baseDir: context.baseDir });
    return (message) => transform(message.event);
  };
  if (config.key !== undefined) fields.key = render(config.key);
  if (config.headers !== undefined) {
    fields.headers = Object.fromEntries(Object.entries(config.headers).map(([name, spec]) => [name, render(spec)]));
  }
  const producer =
    config.brokers === undefined
      ? await openProducer({ log: requireLog(context.log) })
      : await openProducer({
          brokers: config.brokers,
          acks: config.acks === 'all' ? -1 : config.acks,
          compression: config.compression,
        });
  return {
    async write(messages) {
      const records = await Promise.all(messages.map((message) => encode(message, fields)));
      await producer.send(config.topic, records);
    },
    close: () => producer.close(),
  };
}

function requireLog(log: EventLog | undefined): EventLog {
  if (log === undefined) throw new Error('the Kafka sink without brokers needs the embedded bus');
  return log;
}
