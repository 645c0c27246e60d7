import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sinks/mysql/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';
import { admin, tableWithUser } from './target.js';

resetAfterEach(handler);

// Delivery from the bundle: test/infra/build/serverless-zips.test.ts runs it against the real MariaDB.
it('needs a connection when deployed, and writes an FC batch as rows', async () => {
  const columns = { id: '$.data.value.id' };
  process.env.CONFLUX_SINK = JSON.stringify({ table: 't', columns });
  await expect(handler.fc(Buffer.from('[]'))).rejects.toMatchObject({
    code: 'config.invalid',
    path: 'sink.connectionString',
  });
  const { table, drop } = await tableWithUser('id VARCHAR(20) PRIMARY KEY');
  try {
    process.env.CONFLUX_SINK = JSON.stringify({
      connectionString: 'mariadb://root@127.0.0.1:3306/test',
      table,
      columns,
    });
    const ce = { specversion: '1.0', id: 'x', source: 's', type: 't', data: { value: { id: 'ORD-9' } } };
    expect(await handler.fc(Buffer.from(JSON.stringify([ce])))).toEqual({ delivered: 1, filtered: 0 });
    expect(await admin(`SELECT id FROM ${table}`)).toEqual([{ id: 'ORD-9' }]);
  } finally {
    await handler.close();
    await drop();
  }
});
