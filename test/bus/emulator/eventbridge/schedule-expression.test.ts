import { describe, expect, it } from 'vitest';
import { CronError } from '../../../../bus/emulator/eventbridge/cron.js';
import { AwsError } from '../../../../bus/emulator/eventbridge/errors.js';
import { nextDue, parseSchedule } from '../../../../bus/emulator/eventbridge/schedule-expression.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next firing of `expression` after `after`, as an ISO time (undefined: never again). */
const next = (expression: string, after: string) => iso(nextDue(parseSchedule(expression), 0, at(after)));

describe('rate(…)', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(12 hours)', 43_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(2 days)', 172_800_000],
  ])('%s fires every %i ms from when the rule started', (expression, period) => {
    const schedule = parseSchedule(expression);
    expect(schedule).toEqual({ kind: 'rate', everyMs: period });
    const start = at('2026-01-01T10:07:31Z');
    expect(nextDue(schedule, start, start)).toBe(start + period);
    expect(nextDue(schedule, start, start + period - 1)).toBe(start + period);
    expect(nextDue(schedule, start, start + period)).toBe(start + 2 * period);
    expect(nextDue(schedule, start, start + 10 * period + 5)).toBe(start + 11 * period);
  });
});

describe('cron(…): six fields, UTC', () => {
  it.each([
    ['cron(0 12 * * ? *)', '2026-01-01T11:59:30Z', '2026-01-01T12:00:00.000Z'],
    ['cron(0 12 * * ? *)', '2026-01-01T12:00:00Z', '2026-01-02T12:00:00.000Z'],
    ['cron(*/15 * * * ? *)', '2026-01-01T10:07:00Z', '2026-01-01T10:15:00.000Z'],
    ['cron(0/15 * * * ? *)', '2026-01-01T10:45:00Z', '2026-01-01T11:00:00.000Z'],
    ['cron(5-50/20 * * * ? *)', '2026-01-01T10:26:00Z', '2026-01-01T10:45:00.000Z'],
    ['cron(0,30 9-10 * * ? *)', '2026-01-01T09:30:00Z', '2026-01-01T10:00:00.000Z'],
    ['cron(0,30 9-10 * * ? *)', '2026-01-01T10:30:00Z', '2026-01-02T09:00:00.000Z'],
    ['cron(0 8 ? * MON-FRI *)', '2026-01-02T09:00:00Z', '2026-01-05T08:00:00.000Z'],
    ['cron(0 0 ? * 1 *)', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'], // 1 is Sunday
    ['cron(0 0 1 JAN,jul ? *)', '2026-01-02T00:00:00Z', '2026-07-01T00:00:00.000Z'],
    ['cron(0 0 L * ? *)', '2026-02-10T00:00:00Z', '2026-02-28T00:00:00.000Z'],
    ['cron(0 0 L * ? *)', '2028-02-10T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['cron(0 0 15W * ? *)', '2026-02-01T00:00:00Z', '2026-02-16T00:00:00.000Z'], // the 15th is a Sunday
    ['cron(0 0 1W * ? *)', '2026-07-31T00:00:00Z', '2026-08-03T00:00:00.000Z'], // the 1st is a Saturday
    ['cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z', '2026-05-29T00:00:00.000Z'], // the 31st is a Sunday
    ['cron(0 0 LW * ? *)', '2026-01-01T00:00:00Z', '2026-01-30T00:00:00.000Z'], // the 31st is a Saturday
    ['cron(0 10 ? * 6L *)', '2026-01-01T00:00:00Z', '2026-01-30T10:00:00.000Z'], // last Friday
    ['cron(0 10 ? * MON#1 *)', '2026-01-06T00:00:00Z', '2026-02-02T10:00:00.000Z'], // first Monday
    ['cron(0 10 ? * L *)', '2026-01-01T00:00:00Z', '2026-01-03T10:00:00.000Z'], // L alone: Saturday
    ['cron(59 23 31 12 ? 2026-2027)', '2026-06-01T00:00:00Z', '2026-12-31T23:59:00.000Z'],
    ['cron(59 23 31 12 ? 2026-2027)', '2027-12-31T23:59:00Z', undefined],
    ['cron(0 12 * * ? 2025)', '2026-01-01T00:00:00Z', undefined],
    ['cron(0 0 30 2 ? *)', '2026-01-01T00:00:00Z', undefined], // 30 February never comes
  ])('%s after %s → %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });
});

describe("bad expressions: AWS's ValidationException, with the reason as its cause", () => {
  it.each([
    ['every minute', 'a schedule is rate(…) or cron(…)'],
    ['rate(5 minutes', 'a schedule is rate(…) or cron(…)'],
    ['rate(1 minutes)', 'a rate of 1 takes a singular unit'],
    ['rate(5 hour)', 'a rate above 1 takes a plural unit'],
    ['rate(0 minutes)', 'a rate must be 1 or more'],
    ['rate(30 seconds)', 'rate takes a whole number and a unit: minute(s), hour(s) or day(s)'],
    ['rate(1.5 hours)', 'rate takes a whole number and a unit: minute(s), hour(s) or day(s)'],
    ['rate(-1 minute)', 'rate takes a whole number and a unit: minute(s), hour(s) or day(s)'],
    ['cron(0 12 * * ?)', 'cron takes 6 fields, not 5'],
    ['cron(0 12 * * * *)', 'one of day-of-month and day-of-week must be ?, and only one'],
    ['cron(0 12 ? * ? *)', 'one of day-of-month and day-of-week must be ?, and only one'],
    ['cron(60 12 * * ? *)', 'minutes: 60 is not a value from 0 to 59'],
    ['cron(0 24 * * ? *)', 'hours: 24 is not a value from 0 to 23'],
    ['cron(0 0 0 * ? *)', 'day-of-month: 0 is not a value from 1 to 31'],
    ['cron(0 0 * 13 ? *)', 'month: 13 is not a value from 1 to 12'],
    ['cron(0 0 * FOO ? *)', 'month: FOO is not a value from 1 to 12'],
    ['cron(0 0 ? * 8 *)', 'day-of-week: 8 is not a value from 1 to 7'],
    ['cron(0 0 * * ? 1969)', 'year: 1969 is not a value from 1970 to 2199'],
    ['cron(*/0 * * * ? *)', 'minutes: step 0 is not a whole number ≥ 1'],
    ['cron(5-1 * * * ? *)', 'minutes: 5-1 runs backwards'],
    ['cron(1-2-3 * * * ? *)', 'minutes: 1-2-3 is not a range'],
    ['cron(1/2/3 * * * ? *)', 'minutes: 1/2/3 is not a value, range or step'],
    ['cron(? * * * ? *)', 'minutes: ? is not a value from 0 to 59'],
    ['cron(0 0 * L ? *)', 'month: L is not a value from 1 to 12'],
    ['cron(0 0 ? * 2#6 *)', 'day-of-week: #6 is not a week of the month from 1 to 5'],
    ['cron(0 0 ? * 9L *)', 'day-of-week: 9 is not a value from 1 to 7'],
  ])('%s: %s', (expression, reason) => {
    let error: unknown;
    try {
      parseSchedule(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).type).toBe('ValidationException');
    expect((error as AwsError).message).toBe('Parameter ScheduleExpression is not valid.');
    expect((error as AwsError).path).toBe('ScheduleExpression');
    expect((error as AwsError).cause).toBeInstanceOf(CronError);
    expect(((error as AwsError).cause as CronError).message).toBe(reason);
  });
});
