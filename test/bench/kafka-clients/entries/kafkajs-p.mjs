import { Kafka, logLevel } from 'kafkajs';
export async function run(brokers) {
  const p = new Kafka({ clientId: 'cold', brokers, logLevel: logLevel.NOTHING }).producer();
  await p.connect();
  await p.send({ topic: 'cold', messages: [{ key: 'k', value: 'v' }], acks: -1 });
  await p.disconnect();
}
