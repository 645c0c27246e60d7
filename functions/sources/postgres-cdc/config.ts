import { z } from 'zod';
import { nonEmptyString, oneOf, sqlIdentifier, url } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/** A replication slot or publication name: PostgreSQL allows lower-case letters, digits and _ (≤ 63). */
function slotName(what: string) {
  return nonEmptyString(what).regex(/^[a-z0-9_]{1,63}$/, {
    error: (issue) =>
      `must be ${what}: lower-case letters, digits and _, at most 63 (got ${describeValue(issue.input)})`,
  });
}

/**
 * The PostgreSQL change-data-capture source: logical replication with the built-in `pgoutput`
 * plugin, through a publication of `tables` and a replication slot named after the task.
 * @example source: { type: postgres-cdc, connectionString: "postgres://app@127.0.0.1/shop", tables: [public.orders], snapshot: initial }
 */
export const postgresCdcSourceConfig = z
  .strictObject({
    type: z.literal('postgres-cdc'),
    connectionString: url(['postgres', 'postgresql']).describe(
      'The database, as a user with the REPLICATION attribute (and SELECT on the tables for a snapshot).',
    ),
    tables: z
      .array(sqlIdentifier('a table name, e.g. public.orders'), {
        error: (issue) => `must be a list of tables (got ${describeValue(issue.input)})`,
      })
      .min(1, { error: 'must list at least one table' })
      .describe('The tables whose changes are read; a name without a schema is in public.'),
    snapshot: oneOf(['initial', 'never'])
      .default('never')
      .describe(
        'initial: first read the rows already there (op r), consistent with where the slot starts; never (default): changes only.',
      ),
    publication: slotName('a publication name')
      .optional()
      .describe('The publication to read through. Omitted: conflux_<task name>.'),
    createPublication: z
      .boolean({ error: (issue) => `must be true or false (got ${describeValue(issue.input)})` })
      .default(false)
      .describe('Create the publication for the tables when it does not exist (default false: it must exist).'),
    slot: slotName('a replication slot name')
      .optional()
      .describe('The replication slot. Omitted: conflux_<task name>, lower-cased, - as _.'),
  })
  .describe('Reads row changes from PostgreSQL by logical replication (pgoutput).');

/** The postgres-cdc source's settings after defaults. */
export type PostgresCdcSourceConfig = z.output<typeof postgresCdcSourceConfig>;
