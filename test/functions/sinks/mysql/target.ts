/** A fresh MariaDB table and user per test, for the mysql sink's tests (not a test file itself). */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { ConformanceTarget } from '../../../helpers/sink-conformance.js';

/** The test server: root with an empty password on 127.0.0.1, database `test`. */
export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' } as const;

/** Runs one statement as root and returns its rows. */
export async function admin<R>(sql: string, values: unknown[] = []): Promise<R[]> {
  const connection = await mysql.createConnection({ ...MYSQL, charset: 'utf8mb4' });
  try {
    const [rows] = await connection.query(sql, values);
    return rows as R[];
  } finally {
    await connection.end();
  }
}

/** A table name, also the name of a user made for it alone, so its sessions can be killed without touching others'. */
export async function tableWithUser(
  columnsSql: string,
): Promise<{ table: string; user: string; drop(): Promise<void> }> {
  const table = `conflux_sink_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE TABLE ${table} (${columnsSql}) CHARACTER SET utf8mb4`);
  await admin(`CREATE USER '${table}'@'%'`);
  await admin(`GRANT ALL ON test.${table} TO '${table}'@'%'`);
  return {
    table,
    user: table,
    drop: async () => {
      await admin(`DROP USER IF EXISTS '${table}'@'%'`);
      await admin(`DROP TABLE IF EXISTS ${table}`);
    },
  };
}

/** Kills every session of `user` from the server's side. */
export async function killSessions(user: string): Promise<number> {
  const rows = await admin<{ ID: number }>('SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
  for (const { ID } of rows) await admin(`KILL ${Number(ID)}`);
  return rows.length;
}

/** A table `(id serial, seq int, body text)`; `body` holds the payload, read back in id order. */
export async function conformanceTarget(
  connect: (table: string, user: string) => ReturnType<ConformanceTarget['connect']>,
): Promise<ConformanceTarget> {
  const { table, user, drop } = await tableWithUser(
    'id BIGINT AUTO_INCREMENT PRIMARY KEY, seq INT NOT NULL, body TEXT NOT NULL',
  );
  return {
    connect: () => connect(table, user),
    received: async () => (await admin<{ body: string }>(`SELECT body FROM ${table} ORDER BY id`)).map((r) => r.body),
    breakConnection: async () => {
      if ((await killSessions(user)) === 0) throw new Error('no session of the sink to kill');
    },
    cleanup: drop,
  };
}
