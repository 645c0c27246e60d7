import { type Cron, CronError, parseCron } from './cron.js';
import { AwsError } from './errors.js';

/** A rule's schedule, parsed once at PutRule: a fixed period, or a cron expression (UTC). */
export type Schedule = { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: Cron };

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** AWS's words for every bad ScheduleExpression (the reason is kept as the error's cause). */
export const INVALID_SCHEDULE = 'Parameter ScheduleExpression is not valid.';

function rate(body: string): Schedule {
  const match = /^(\d+) (minute|hour|day)(s?)$/.exec(body);
  if (match === null) throw new CronError('rate takes a whole number and a unit: minute(s), hour(s) or day(s)');
  const value = Number(match[1]);
  if (value < 1) throw new CronError('a rate must be 1 or more');
  if ((value === 1) !== (match[3] === ''))
    throw new CronError(value === 1 ? 'a rate of 1 takes a singular unit' : 'a rate above 1 takes a plural unit');
  return { kind: 'rate', everyMs: value * UNIT_MS[match[2]!]! };
}

/**
 * Parses `rate(5 minutes)` / `rate(1 hour)` / `rate(2 days)` (singular unit for 1, plural above,
 * as AWS requires) and `cron(0 12 * * ? *)` (see `parseCron`). A bad expression is AWS's
 * ValidationException ("Parameter ScheduleExpression is not valid."), with the reason — which
 * field, and why — as its `cause` (a CronError).
 * @example parseSchedule('rate(5 minutes)') // { kind: 'rate', everyMs: 300000 }
 */
export function parseSchedule(text: string): Schedule {
  try {
    const match = /^(rate|cron)\((.*)\)$/.exec(text);
    if (match === null) throw new CronError('a schedule is rate(…) or cron(…)');
    return match[1] === 'rate' ? rate(match[2]!) : { kind: 'cron', cron: parseCron(match[2]!) };
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    throw new AwsError('ValidationException', INVALID_SCHEDULE, { path: 'ScheduleExpression', cause: error });
  }
}

/**
 * When a schedule next fires after `after` (epoch ms): a rate every period from `start` (when the
 * rule was put or enabled), a cron at its next matching UTC minute; undefined when none is left.
 */
export function nextDue(schedule: Schedule, start: number, after: number): number | undefined {
  if (schedule.kind === 'cron') return schedule.cron.next(after);
  const periods = Math.floor((after - start) / schedule.everyMs) + 1;
  return start + Math.max(1, periods) * schedule.everyMs;
}
