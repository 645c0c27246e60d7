import { Producer } from 'pk1';
export async function run(brokers) {
  const p = new Producer({ clientId: 'cold', bootstrapBrokers: brokers, acks: -1 });
  await p.send({ messages: [{ topic: 'cold', key: Buffer.from('k'), value: Buffer.from('v') }] });
  await p.close();
}
