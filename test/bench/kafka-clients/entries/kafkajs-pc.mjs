import { Kafka, logLevel } from 'kafkajs';

export { run } from './kafkajs-p.mjs';
export function consumer(brokers) {
  const c = new Kafka({ clientId: 'cold', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: 'g' });
  return c
    .connect()
    .then(() => c.subscribe({ topic: 'cold', fromBeginning: true }))
    .then(() => c.run({ eachBatch: async () => {} }));
}
