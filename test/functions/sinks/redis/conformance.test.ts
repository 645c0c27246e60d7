import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { connect } from '../../../../functions/sinks/redis/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { killClients } from './redis-admin.js';

const admin = new Redis('redis://127.0.0.1:6379');
afterAll(() => admin.quit());

describeSinkConformance('redis', async () => {
  const key = `conflux:conformance:${randomUUID()}`;
  const clientName = `conflux-test-${randomUUID().slice(0, 8)}`;
  return {
    connect: () =>
      connect(
        {
          type: 'redis',
          url: 'redis://127.0.0.1:6379',
          command: 'rpush',
          key: { form: 'CONSTANT', value: key },
          field: 'payload',
          clientName,
        },
        { baseDir: '.' },
      ),
    received: () => admin.lrange(key, 0, -1),
    breakConnection: () => killClients(admin, clientName),
    cleanup: async () => {
      await admin.del(key);
    },
  };
});
