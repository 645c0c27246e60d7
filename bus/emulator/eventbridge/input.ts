import { AwsError } from './errors.js';
import { breaks, type Constraint } from './names.js';

type Body = Record<string, unknown>;

/** A value as AWS quotes it in a validation message: text as is, lists as `[a, b]`. */
function quoted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(quoted).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

const lowerFirst = (field: string) => field.charAt(0).toLowerCase() + field.slice(1);

function wrongType(where: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} at '${where}'.`, { path: where });
}

/**
 * The JSON body of one call, read field by field against AWS's constraints. Type mismatches
 * throw a SerializationException at once; constraint violations are collected, as AWS
 * reports them all in one ValidationException ("2 validation errors detected: …; …") at `done()`.
 * @example const input = Input.read(body); const name = input.required('Name', RULE_NAME); input.done();
 */
export class Input {
  private constructor(
    private readonly body: Body,
    private readonly prefix: string,
    private readonly problems: string[],
  ) {}

  /** Reads a request body; nothing at all counts as `{}`. */
  static read(raw: unknown): Input {
    if (raw === undefined || raw === null) return new Input({}, '', []);
    if (typeof raw !== 'object' || Array.isArray(raw)) throw wrongType('', 'a JSON object');
    return new Input(raw as Body, '', []);
  }

  /** An optional string field. */
  string(field: string, constraint: Constraint = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    const where = this.where(field);
    if (typeof value !== 'string') throw wrongType(where, 'a string');
    for (const broken of breaks(value, constraint)) this.fail(where, value, broken);
    return value;
  }

  /** A required string field ('' when missing: `done()` then throws). */
  required(field: string, constraint: Constraint = {}): string {
    const value = this.string(field, constraint);
    if (value === undefined)
      this.problems.push(`Value null at '${this.where(field)}' failed to satisfy constraint: Member must not be null`);
    return value ?? '';
  }

  /** An optional boolean field. */
  boolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw wrongType(this.where(field), 'a boolean');
    return value;
  }

  /** An optional integer field within bounds. */
  integer(field: string, bounds: { min: number; max: number }): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    const where = this.where(field);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(where, 'an integer');
    if (value < bounds.min) this.fail(where, value, `Member must have value greater than or equal to ${bounds.min}`);
    if (value > bounds.max) this.fail(where, value, `Member must have value less than or equal to ${bounds.max}`);
    return value;
  }

  /** A list field (required unless `optional`) of `min`..`max` members, each read by `member`. */
  list<T>(
    field: string,
    bounds: { min: number; max: number; optional?: boolean },
    member: (item: Input | string, index: number) => T,
  ): T[] {
    const value = this.body[field];
    const where = this.where(field);
    if (value === undefined || value === null) {
      if (bounds.optional !== true)
        this.problems.push(`Value null at '${where}' failed to satisfy constraint: Member must not be null`);
      return [];
    }
    if (!Array.isArray(value)) throw wrongType(where, 'a list');
    if (value.length < bounds.min)
      this.fail(where, value, `Member must have length greater than or equal to ${bounds.min}`);
    if (value.length > bounds.max)
      this.fail(where, value, `Member must have length less than or equal to ${bounds.max}`);
    return value.map((item: unknown, index) => {
      const at = `${where}.${index + 1}.member`;
      if (typeof item === 'string') return member(item, index);
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw wrongType(at, 'a structure');
      return member(new Input(item as Body, at, this.problems), index);
    });
  }

  /** Checks a list member that must be a string against a constraint. */
  member(item: Input | string, field: string, index: number, constraint: Constraint): string {
    const where = `${this.where(field)}.${index + 1}.member`;
    if (typeof item !== 'string') throw wrongType(where, 'a string');
    for (const broken of breaks(item, constraint)) this.fail(where, item, broken);
    return item;
  }

  /** An optional structure field, read by an Input of its own (its problems join this call's). */
  structure(field: string): Input | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    const where = this.where(field);
    if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(where, 'a structure');
    return new Input(value as Body, where, this.problems);
  }

  /** An optional string-to-string map of at most `max` entries, keys and values checked as AWS words it. */
  map(field: string, max: number, key: Constraint, value: Constraint): Record<string, string> | undefined {
    const raw = this.body[field];
    if (raw === undefined || raw === null) return undefined;
    const where = this.where(field);
    if (typeof raw !== 'object' || Array.isArray(raw)) throw wrongType(where, 'a map');
    const entries = Object.entries(raw);
    const shown = `{${entries.map(([k, v]) => `${k}=${quoted(v)}`).join(', ')}}`;
    if (entries.length > max) this.fail(where, shown, `Member must have length less than or equal to ${max}`);
    const keys = new Set<string>();
    const values = new Set<string>();
    for (const [k, v] of entries) {
      if (typeof v !== 'string') throw wrongType(`${where}.${k}`, 'a string');
      for (const broken of breaks(k, key)) keys.add(broken);
      for (const broken of breaks(v, value)) values.add(broken);
    }
    if (keys.size > 0) this.fail(where, shown, `Map keys must satisfy constraint: [${[...keys].join(', ')}]`);
    if (values.size > 0) this.fail(where, shown, `Map value must satisfy constraint: [${[...values].join(', ')}]`);
    return Object.fromEntries(entries) as Record<string, string>;
  }

  /** The body as given (for values passed through unchanged, like a target's parameters). */
  raw(): Readonly<Body> {
    return this.body;
  }

  /** Throws one ValidationException naming every problem found so far. */
  done(): void {
    const n = this.problems.length;
    if (n === 0) return;
    const detected = `${n} validation error${n === 1 ? '' : 's'} detected: `;
    throw new AwsError('ValidationException', detected + this.problems.join('; '));
  }

  private fail(where: string, value: unknown, broken: string): void {
    this.problems.push(`Value '${quoted(value)}' at '${where}' failed to satisfy constraint: ${broken}`);
  }

  private where(field: string): string {
    return this.prefix === '' ? lowerFirst(field) : `${this.prefix}.${lowerFirst(field)}`;
  }
}
