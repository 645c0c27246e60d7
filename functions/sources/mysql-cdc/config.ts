import { z } from 'zod';
import { intRange, oneOf, sqlIdentifier, url } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/**
 * The MySQL/MariaDB change-data-capture source: reads the row-based binlog as a replica would.
 * @example source: { type: mysql-cdc, connectionString: "mysql://repl:secret@127.0.0.1:3306/shop", tables: [shop.orders], snapshot: initial }
 */
export const mysqlCdcSourceConfig = z
  .strictObject({
    type: z.literal('mysql-cdc'),
    connectionString: url(['mysql', 'mariadb']).describe(
      'The server, as a user with REPLICATION SLAVE and REPLICATION CLIENT (and SELECT on the tables); its path names the default database.',
    ),
    tables: z
      .array(sqlIdentifier('a table name, e.g. shop.orders'), {
        error: (issue) => `must be a list of tables (got ${describeValue(issue.input)})`,
      })
      .min(1, { error: 'must list at least one table' })
      .describe("The tables whose changes are read; a name without a database is in the connection string's."),
    snapshot: oneOf(['initial', 'never'])
      .default('never')
      .describe(
        'initial: first read the rows already there (op r), consistent with the binlog position the stream starts at; never (default): changes only.',
      ),
    serverId: intRange(1, 4_294_967_295)
      .optional()
      .describe(
        'The replica server id to connect with, unique among the replicas. Omitted: one derived from the task name.',
      ),
  })
  .describe('Reads row changes from the MySQL or MariaDB binlog (binlog_format=ROW).');

/** The mysql-cdc source's settings after defaults. */
export type MysqlCdcSourceConfig = z.output<typeof mysqlCdcSourceConfig>;
