import { SinkError, type Verdict } from '../../../bus/delivery/errors.js';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { SinkMessage, SinkWriter } from '../../../bus/task/contract.js';
import { compileColumns } from './columns.js';
import type { ColumnRenderer, Statement } from './encode.js';

/**
 * The part of a SQL sink's writer that is the same for PostgreSQL and MySQL: column specs
 * compiled once, each write encoded and handed to the driver's transaction, driver errors
 * turned into a `SinkError` whose `retriable` is the driver's `classify` verdict, close safe to repeat.
 * The driver part (pool, transaction, which errors retry) stays in each sink's send.ts.
 */
export interface SqlWriterParts {
  /** `postgres` or `mysql`: names the error codes (`sink.postgres.write`). */
  type: string;
  table: string;
  /** Column name → transform spec, as the config gives them. */
  columns: Record<string, unknown>;
  baseDir: string;
  encode(messages: readonly SinkMessage[], columns: Record<string, ColumnRenderer>): Promise<Statement[]>;
  /** Runs the statements in one transaction, committed before it resolves. */
  transaction(statements: Statement[]): Promise<void>;
  /** Whether another attempt can help after a driver error (the sink's own rules: SQLSTATE, errno…). */
  classify(error: unknown): Verdict;
  /** Closes the pool. */
  end(): Promise<void>;
}

/**
 * A SinkWriter around a driver's transaction: `write` resolves once the batch is committed.
 * Encode errors (a column giving 0 or 2 values, a failing transform) are thrown as they are:
 * ConfluxErrors, permanent.
 */
export function sqlSinkWriter(parts: SqlWriterParts): SinkWriter {
  const columns = compileColumns(parts.columns, parts.baseDir);
  let closing: Promise<void> | undefined;
  return {
    async write(messages) {
      if (closing !== undefined) throw new ConfluxError('sink.closed', `the ${parts.type} sink is closed`);
      const statements = await parts.encode(messages, columns.renderers);
      if (statements.length === 0) return;
      try {
        await parts.transaction(statements);
      } catch (error) {
        throw sqlSinkError(parts, error);
      }
    },
    close() {
      closing ??= Promise.all([parts.end(), columns.close()]).then(() => {});
      return closing;
    },
  };
}

/**
 * A driver error as a SinkError: the database's own words and code in the message, retriable
 * exactly when the sink's `classify` retries the driver error (SQLSTATE / errno / network code).
 *
 * @example sqlSinkError({ type: 'postgres', table: 'orders', classify }, pgError23502).retriable // false
 */
export function sqlSinkError(parts: Pick<SqlWriterParts, 'type' | 'table' | 'classify'>, error: unknown): SinkError {
  if (error instanceof SinkError) return error;
  const { type, table } = parts;
  const verdict = parts.classify(error);
  return new SinkError(
    `sink.${type}.write`,
    `writing to ${type} table ${table} failed: ${messageOf(error)} (${verdict.reason})`,
    { retriable: verdict.verdict === 'retry', cause: error },
  );
}
