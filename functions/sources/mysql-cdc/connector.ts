import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import {
  integer,
  listOf,
  oneOf,
  optional,
  required,
  text,
  url,
  withDefault,
} from '../../shared/settings/field-table.js';

/** A SQL table name, kept strict because it is written into SQL. */
const tableName = text('a table name, e.g. shop.orders', {
  pattern: /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/,
  mismatch:
    'a table name, e.g. shop.orders: letters, digits, _ and $, not starting with a digit, optionally schema-qualified',
});

const fields = {
  connectionString: required(
    url(['mysql', 'mariadb']),
    'The server, as a user with REPLICATION SLAVE and REPLICATION CLIENT (and SELECT on the tables); its path names the default database.',

    { secret: true }, // it may carry the password: redacted in every answer
  ),
  tables: required(
    listOf(tableName, 1, 'must list at least one table', 'a list of tables'),
    "The tables whose changes are read; a name without a database is in the connection string's.",
  ),
  snapshot: withDefault(
    oneOf(['initial', 'never']),
    'never',
    'initial: first read the rows already there (op r), consistent with the binlog position the stream starts at; never (default): changes only.',
  ),
  serverId: optional(
    integer(1, 4_294_967_295),
    'The replica server id to connect with, unique among the replicas. Omitted: one derived from the task name.',
  ),
};

/**
 * The MySQL/MariaDB change-data-capture source: reads the row-based binlog as a replica would.
 * @example source: { type: mysql-cdc, connectionString: "mysql://repl:secret@127.0.0.1:3306/shop", tables: [shop.orders], snapshot: initial }
 */
export const mysqlCdcSource = defineSource({
  type: 'mysql-cdc',
  doc: 'Reads row changes from the MySQL or MariaDB binlog (binlog_format=ROW).',
  example:
    'source: { type: mysql-cdc, connectionString: "mysql://repl:secret@127.0.0.1:3306/shop", tables: [shop.orders], snapshot: initial }',
  noTrigger:
    'AWS has no binlog trigger for Lambda (a binlog reader is one long-lived replica connection); run this task with `conflux run`',
  fields,
});

/** The mysql-cdc source's settings after defaults. */
export type MysqlCdcSourceConfig = SettingsOf<'mysql-cdc', typeof fields>;
