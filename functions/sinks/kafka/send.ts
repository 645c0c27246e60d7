import type { SinkWriter } from '../../../bus/emulator/types.js';
import { openProducer } from '../../../bus/log/index.js';
import type { EventLog } from '../../../bus/log/types.js';
import { compileFields, compileSinkField } from '../../shared/sink-fields.js';
import type { KafkaSinkConfig } from './config.js';
import { encode, type KafkaFields } from './encode.js';

/**
 * Connects a producer (kafkajs when `brokers` are given, else the embedded bus) and compiles the
 * key and header specs once. A write resolves when the broker acknowledged every record (per `acks`).
 */
export async function connect(
  config: KafkaSinkConfig,
  context: { baseDir: string; log?: EventLog },
): Promise<SinkWriter> {
  const key = config.key === undefined ? undefined : compileSinkField(config.key, context.baseDir);
  const headers = compileFields(config.headers ?? {}, context.baseDir);
  const fields: KafkaFields = { headers: headers.renderers, ...(key === undefined ? {} : { key }) };
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
    async close() {
      await producer.close();
      await Promise.all([key?.close(), headers.close()]);
    },
  };
}

function requireLog(log: EventLog | undefined): EventLog {
  if (log === undefined) throw new Error('the Kafka sink without brokers needs the embedded bus');
  return log;
}
