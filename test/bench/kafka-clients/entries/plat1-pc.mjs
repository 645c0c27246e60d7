import { Consumer } from 'pk1';

export { run } from './plat1-p.mjs';
export async function consumer(brokers) {
  const c = new Consumer({ clientId: 'cold', groupId: 'g', bootstrapBrokers: brokers });
  return c.consume({ topics: ['cold'], mode: 'earliest' });
}
