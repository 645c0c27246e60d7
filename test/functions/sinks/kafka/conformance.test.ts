import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { readKafkaTopic } from '../../../../bus/log/kafka/kafka-read.js';
import { connect } from '../../../../functions/sinks/kafka/send.js';
import { dropConnectionsTo } from '../../../helpers/drop-connections.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';

// the shared conformance suite on Apache Kafka: one partition per target, so the topic's order is the write order
describeKafka(
  'the Kafka sink',
  (kafka) => {
    describeSinkConformance('kafka', async () => {
      const topic = `conformance-${randomUUID()}`;
      await kafka.createTopic(topic, 1);
      return {
        connect: () =>
          connect(
            { type: 'kafka', topic, brokers: kafka.brokers(), acks: 'all', compression: 'none' },
            { baseDir: '.' },
          ),
        received: async () => (await readKafkaTopic(kafka.brokers(), topic)).map((r) => r.value.toString()),
        breakConnection: async () => {
          const port = Number(kafka.brokers()[0]!.split(':')[1]);
          expect(dropConnectionsTo(port)).toBeGreaterThan(0);
        },
      };
    });
  },
  { only: 'real' },
);
