import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import {
  boolean,
  listOf,
  oneOf,
  optional,
  required,
  text,
  url,
  withDefault,
} from '../../shared/settings/field-table.js';

/** A SQL table name, kept strict because it is written into SQL. */
const tableName = text('a table name, e.g. public.orders', {
  pattern: /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/,
  mismatch:
    'a table name, e.g. public.orders: letters, digits, _ and $, not starting with a digit, optionally schema-qualified',
});

/** A replication slot or publication name: PostgreSQL allows lower-case letters, digits and _ (≤ 63). */
function slotName(what: string) {
  return text(what, {
    pattern: /^[a-z0-9_]{1,63}$/,
    mismatch: `${what}: lower-case letters, digits and _, at most 63`,
  });
}

const fields = {
  connectionString: required(
    url(['postgres', 'postgresql']),
    'The database, as a user with the REPLICATION attribute (and SELECT on the tables for a snapshot).',

    { secret: true }, // it may carry the password: redacted in every answer
  ),
  tables: required(
    listOf(tableName, 1, 'must list at least one table', 'a list of tables'),
    'The tables whose changes are read; a name without a schema is in public.',
  ),
  snapshot: withDefault(
    oneOf(['initial', 'never']),
    'never',
    'initial: first read the rows already there (op r), consistent with where the slot starts; never (default): changes only.',
  ),
  publication: optional(
    slotName('a publication name'),
    'The publication to read through. Omitted: conflux_<task name>.',
  ),
  createPublication: withDefault(
    boolean(),
    false,
    'Create the publication for the tables when it does not exist (default false: it must exist).',
  ),
  slot: optional(
    slotName('a replication slot name'),
    'The replication slot. Omitted: conflux_<task name>, lower-cased, - as _.',
  ),
};

/**
 * The PostgreSQL change-data-capture source: logical replication with the built-in `pgoutput`
 * plugin, through a publication of `tables` and a replication slot named after the task.
 * @example source: { type: postgres-cdc, connectionString: "postgres://app@127.0.0.1/shop", tables: [public.orders], snapshot: initial }
 */
export const postgresCdcSource = defineSource({
  type: 'postgres-cdc',
  doc: 'Reads row changes from PostgreSQL by logical replication (pgoutput).',
  example:
    'source: { type: postgres-cdc, connectionString: "postgres://app@127.0.0.1/shop", tables: [public.orders], snapshot: initial }',
  noTrigger:
    'AWS has no logical-replication trigger for Lambda (a replication slot needs one long-lived reader); run this task with `conflux run`',
  fields,
});

/** The postgres-cdc source's settings after defaults. */
export type PostgresCdcSourceConfig = SettingsOf<'postgres-cdc', typeof fields>;
