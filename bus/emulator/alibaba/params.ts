import { invalidArgument } from './errors.js';

/** A JSON object as the API receives it. */
export type JsonObject = { [key: string]: unknown };

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request parameters of one object, read field by field; every refusal is InvalidArgument
 * naming the field's full path (`Sink.SinkKafkaParameters.Topic.Value`). The RPC style sends
 * numbers and booleans as text, so integers also read from digit strings.
 */
export class Params {
  constructor(
    readonly raw: JsonObject,
    readonly path = '',
  ) {}

  /** Reads `value` (a request body) as the top-level parameters. */
  static of(value: unknown): Params {
    if (value === undefined) return new Params({});
    if (!isObject(value)) throw invalidArgument('', 'the request body must be a JSON object');
    return new Params(value);
  }

  /** The full path of a field of this object. */
  at(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  /** True when the field is present and not null. */
  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  /** A string field; `required` refuses it absent or empty. */
  string(name: string, options: { required: true }): string;
  string(name: string, options?: { required?: boolean }): string | undefined;
  string(name: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') {
      if (options.required) throw invalidArgument(this.at(name), 'required');
      return value === '' ? '' : undefined;
    }
    if (typeof value !== 'string')
      throw invalidArgument(this.at(name), `must be a string (got ${JSON.stringify(value)})`);
    return value;
  }

  /** An integer field (a number, or digits as the RPC style sends them). */
  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number))
      throw invalidArgument(this.at(name), `must be an integer (got ${JSON.stringify(value)})`);
    return number;
  }

  /** A nested object (or its JSON text, as the RPC style sends objects); absent → undefined. */
  object(name: string, options: { required?: boolean } = {}): Params | undefined {
    let value = this.raw[name];
    if (value === undefined || value === null) {
      if (options.required) throw invalidArgument(this.at(name), 'required');
      return undefined;
    }
    if (typeof value === 'string') value = parseJson(value, this.at(name));
    if (!isObject(value)) throw invalidArgument(this.at(name), 'must be an object');
    return new Params(value, this.at(name));
  }

  /** A list of strings (or its JSON text); absent → undefined. */
  strings(name: string): string[] | undefined {
    let value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') value = parseJson(value, this.at(name));
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      throw invalidArgument(this.at(name), 'must be a list of strings');
    return value;
  }

  /** A list of objects (or its JSON text), each read at `Name[i]`; absent → []. */
  objects(name: string): Params[] {
    let value = this.raw[name];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') value = parseJson(value, this.at(name));
    if (!Array.isArray(value)) throw invalidArgument(this.at(name), 'must be a list of objects');
    return value.map((item, i) => {
      if (!isObject(item)) throw invalidArgument(`${this.at(name)}[${i}]`, 'must be an object');
      return new Params(item, `${this.at(name)}[${i}]`);
    });
  }

  /** The names of the fields present (not null). */
  present(): string[] {
    return Object.keys(this.raw).filter((key) => this.has(key));
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidArgument(path, 'must be an object or its JSON text');
  }
}
