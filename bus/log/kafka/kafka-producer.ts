/**
 * A producer on Kafka through kafkajs with Kafka's default partitioner (murmur2 of the key, the same as
 * the embedded bus). It notes the partition chosen for each message so `send` can say where each landed.
 */
import { CompressionTypes, type Producer as KafkaJsProducer, type Message, Partitioners, type Sender } from 'kafkajs';
import { LogError } from '../errors.js';
import type { AppendResult, ProducedRecord, Producer } from '../types.js';
import { kafkaClient, kafkaError } from './kafka-client.js';

/** Options of a producer on Kafka. */
export interface KafkaProducerOptions {
  brokers: string[];
  /** -1 = all in-sync replicas (default), 1 = the leader, 0 = no acknowledgement (offsets are then -1). */
  acks?: 0 | 1 | -1;
  compression?: 'none' | 'gzip';
  /**
   * Makes the producer transactional under this id (exactly-once, see kafka-transactions.ts): every
   * send goes into the open transaction. One id per task: a restart fences the old process's producer.
   */
  transactionalId?: string;
}

/** A producer's sends, and the kafkajs producer under them (for transactions). */
export interface KafkaProducerParts {
  producer: KafkaJsProducer;
  /** Sends through `sender` (the producer, or an open transaction), noting where each record landed. */
  send(sender: Sender, topic: string, records: ProducedRecord[]): Promise<AppendResult[]>;
}

/** Connects a kafkajs producer. */
export async function openKafkaProducer(options: KafkaProducerOptions): Promise<Producer> {
  const { producer, send } = await connectKafkaProducer(options);
  return {
    send: (topic, records) => send(producer, topic, records),
    async close() {
      await producer.disconnect();
    },
  };
}

/** Connects a kafkajs producer (transactional when `transactionalId` is set: connecting fences an older one). */
export async function connectKafkaProducer(options: KafkaProducerOptions): Promise<KafkaProducerParts> {
  const chosen = new Map<Message, number>();
  const transactional =
    options.transactionalId === undefined
      ? {}
      : { transactionalId: options.transactionalId, idempotent: true, maxInFlightRequests: 1 };
  const producer = kafkaClient(options.brokers).producer({
    allowAutoTopicCreation: true,
    ...transactional,
    createPartitioner: () => {
      const partitioner = Partitioners.DefaultPartitioner();
      return (args) => {
        const partition = partitioner(args);
        chosen.set(args.message, partition);
        return partition;
      };
    },
  });
  try {
    await producer.connect();
  } catch (error) {
    throw kafkaError(`cannot connect to ${options.brokers.join(',')}`, error);
  }
  const acks = options.transactionalId === undefined ? (options.acks ?? -1) : -1; // transactions need acks=all
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return {
    producer,
    async send(sender, topic, records) {
      const messages = producerMessages(records);
      try {
        const metadata = await sender.send({ topic, messages, acks, compression });
        const base = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset ?? -1)]));
        const unanswered = [...new Set(messages.map((m) => chosen.get(m) ?? -1))].filter((p) => !base.has(p));
        if (acks !== 0 && unanswered.length > 0) {
          // kafkajs 2.2.4 resolves a send whose partitions moved to a broker that had already answered
          // (a leader killed mid-send) without sending them again: those records were never written
          throw new LogError(
            'log.kafka',
            `cannot produce to ${topic}: no acknowledgement for partition(s) ${unanswered.join(', ')} (their leader changed mid-send); the write is retried`,
            { retriable: true },
          );
        }
        const next = new Map<number, number>();
        return messages.map((message) => {
          const partition = chosen.get(message) ?? -1;
          const i = next.get(partition) ?? 0;
          next.set(partition, i + 1);
          const first = base.get(partition) ?? -1;
          return { partition, offset: acks === 0 || first < 0 ? -1 : first + i };
        });
      } catch (error) {
        if (error instanceof LogError) throw error;
        throw kafkaError(`cannot produce to ${topic}`, error);
      } finally {
        for (const message of messages) chosen.delete(message);
      }
    },
  };
}

/** The kafkajs messages of produced records (a new object each: the partitioner notes its choice by message). */
export function producerMessages(records: ProducedRecord[]): Message[] {
  const messages: Message[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const message: Message = { key: r.key ?? null, value: r.value };
    if (r.headers !== undefined) message.headers = r.headers;
    if (r.timestamp !== undefined) message.timestamp = String(r.timestamp);
    if (r.partition !== undefined) message.partition = r.partition;
    messages[i] = message;
  }
  return messages;
}
