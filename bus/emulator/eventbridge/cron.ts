// AWS's six-field cron (`cron(Minutes Hours Day-of-month Month Day-of-week Year)`), in UTC.

/** Why an expression is not valid, and which field (`minutes`, `day-of-week`, …) when one is at fault. */
export class CronError extends Error {
  constructor(
    readonly reason: string,
    readonly field?: string,
  ) {
    super(field === undefined ? reason : `${field}: ${reason}`);
  }
}

type DayTest = (year: number, month: number, day: number) => boolean;

/** A parsed cron expression: the UTC minutes it fires at, from `next`. */
export interface Cron {
  /** The first firing time (epoch ms, on a whole minute) strictly after `after`; undefined when none is left. */
  next(after: number): number | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  year: { name: 'year', min: 1970, max: 2199 },
} satisfies Record<string, FieldSpec>;

function number(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max))
    throw new CronError(`${text} is not a value from ${spec.min} to ${spec.max}`, spec.name);
  return value;
}

/** `*`, `a`, `a-b`, each with an optional `/step`, in a comma list → the set of values. */
function values(text: string, spec: FieldSpec): Set<number> {
  const set = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined || range === '') throw new CronError(`${item} is not a value, range or step`, spec.name);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || !/^\d+$/.test(stepText ?? '1'))
      throw new CronError(`step ${stepText} is not a whole number ≥ 1`, spec.name);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else {
      const [a = '', b, more] = range.split('-');
      if (more !== undefined) throw new CronError(`${range} is not a range`, spec.name);
      from = number(a, spec);
      to = b === undefined ? (stepText === undefined ? from : spec.max) : number(b, spec);
      if (from > to) throw new CronError(`${range} runs backwards`, spec.name);
    }
    for (let v = from; v <= to; v += step) set.add(v);
  }
  return set;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
const isWorkday = (year: number, month: number, day: number) => ![1, 7].includes(weekday(year, month, day));

/** The weekday nearest to `day` in its month (`15W`), never crossing into another month. */
function nearestWorkday(year: number, month: number, day: number): number {
  const last = daysIn(year, month);
  if (day > last) return -1;
  const dow = weekday(year, month, day);
  if (dow === 7) return day === 1 ? 3 : day - 1;
  if (dow === 1) return day === last ? day - 2 : day + 1;
  return day;
}

/** Day-of-month: values, `L` (last day), `LW` (last weekday), `nW` (weekday nearest to n). */
function dayOfMonth(text: string): DayTest {
  if (text === 'L') return (y, m, d) => d === daysIn(y, m);
  if (text === 'LW')
    return (y, m, d) => {
      let last = daysIn(y, m);
      while (!isWorkday(y, m, last)) last--;
      return d === last;
    };
  const w = /^(\d+)W$/.exec(text);
  if (w !== null) {
    const n = number(w[1]!, FIELDS.dayOfMonth);
    return (y, m, d) => d === nearestWorkday(y, m, n);
  }
  const set = values(text, FIELDS.dayOfMonth);
  return (_, __, d) => set.has(d);
}

/** Day-of-week (1 = SUN): values, `L` (SAT), `nL` (the month's last such day), `n#k` (its k-th). */
function dayOfWeek(text: string): DayTest {
  if (text === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^(\w+)L$/.exec(text);
  if (last !== null) {
    const n = number(last[1]!, FIELDS.dayOfWeek);
    return (y, m, d) => weekday(y, m, d) === n && d + 7 > daysIn(y, m);
  }
  const nth = /^(\w+)#(\d)$/.exec(text);
  if (nth !== null) {
    const n = number(nth[1]!, FIELDS.dayOfWeek);
    const k = Number(nth[2]);
    if (k < 1 || k > 5) throw new CronError(`#${k} is not a week of the month from 1 to 5`, FIELDS.dayOfWeek.name);
    return (y, m, d) => weekday(y, m, d) === n && Math.ceil(d / 7) === k;
  }
  const set = values(text, FIELDS.dayOfWeek);
  return (y, m, d) => set.has(weekday(y, m, d));
}

/**
 * Parses the six fields of AWS's cron: numbers, names (JAN–DEC, SUN–SAT), `*`, lists, ranges,
 * `/` steps; `?`, `L`, `W` in day-of-month; `?`, `L`, `#` in day-of-week. One of day-of-month and
 * day-of-week must be `?`, as AWS requires. Throws CronError with the reason and field.
 * @example parseCron('0 12 * * ? *').next(Date.parse('2026-01-01T12:00:00Z')) // 2026-01-02T12:00Z
 */
export function parseCron(text: string): Cron {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`cron takes 6 fields, not ${fields.length}`);
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = fields;
  if ((dom === '?') === (dow === '?'))
    throw new CronError('one of day-of-month and day-of-week must be ?, and only one');
  const minutes = values(min, FIELDS.minutes);
  const hours = values(hour, FIELDS.hours);
  const months = values(month, FIELDS.month);
  const years = values(year, FIELDS.year);
  const day = dom === '?' ? dayOfWeek(dow) : dayOfMonth(dom);
  return {
    next(after) {
      let t = new Date((Math.floor(after / 60_000) + 1) * 60_000);
      for (;;) {
        const [y, mo, d, h, mi] = [
          t.getUTCFullYear(),
          t.getUTCMonth() + 1,
          t.getUTCDate(),
          t.getUTCHours(),
          t.getUTCMinutes(),
        ];
        if (y > FIELDS.year.max) return undefined;
        if (!years.has(y)) t = new Date(Date.UTC(y + 1, 0, 1));
        else if (!months.has(mo)) t = new Date(Date.UTC(y, mo, 1));
        else if (!day(y, mo, d)) t = new Date(Date.UTC(y, mo - 1, d + 1));
        else if (!hours.has(h)) t = new Date(Date.UTC(y, mo - 1, d, h + 1));
        else if (!minutes.has(mi)) t = new Date(t.getTime() + 60_000);
        else return t.getTime();
      }
    },
  };
}
