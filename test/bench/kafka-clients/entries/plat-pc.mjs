import { Consumer } from '@platformatic/kafka';

export { run } from './plat-p.mjs';
export async function consumer(brokers) {
  const c = new Consumer({ clientId: 'cold', groupId: 'g', bootstrapBrokers: brokers });
  return c.consume({ topics: ['cold'], mode: 'earliest' });
}
