import type { z } from 'zod';
import { findFunction } from '../../functions/registry.js';
import { isSecret } from '../../functions/shared/settings/config-fields.js';

/** What an answer shows in place of a secret; sent back in an update, it keeps the stored value. */
export const REDACTED = '********';

/** Where a task holds connector settings: its source, its sink, its dead-letter target (a sink). */
const PLACES: readonly { kind: 'source' | 'sink'; path: readonly string[] }[] = [
  { kind: 'source', path: ['source'] },
  { kind: 'sink', path: ['sink'] },
  { kind: 'sink', path: ['errors', 'deadLetter'] },
];

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields a connector's config marks `secret` (functions/shared/settings/config-fields.ts). */
function secretFields(kind: 'source' | 'sink', type: unknown): string[] {
  if (typeof type !== 'string') return [];
  const config = findFunction(kind, type)?.config as { shape?: Record<string, z.ZodType> } | undefined;
  if (config?.shape === undefined) return [];
  return Object.entries(config.shape)
    .filter(([, field]) => isSecret(field))
    .map(([name]) => name);
}

function at(task: unknown, path: readonly string[]): Fields | undefined {
  let node: unknown = task;
  for (const step of path) node = isObject(node) ? node[step] : undefined;
  return isObject(node) ? node : undefined;
}

/** Each connector of the task with its secret field names. */
function connectors(task: unknown): { path: readonly string[]; fields: Fields; secrets: string[] }[] {
  return PLACES.flatMap(({ kind, path }) => {
    const fields = at(task, path);
    return fields === undefined ? [] : [{ path, fields, secrets: secretFields(kind, fields.type) }];
  });
}

/** A copy of `task` with `fields` replaced at `path` (the rest shared, never changed). */
function withFields(task: Fields, path: readonly string[], fields: Fields): Fields {
  const [step, ...rest] = path;
  if (step === undefined) return fields;
  return { ...task, [step]: withFields(at(task, [step]) ?? {}, rest, fields) };
}

/** A URL's password (`amqp://user:PASSWORD@host`), when the text is a URL with one. */
function urlPassword(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.includes('://')) return undefined;
  try {
    const password = new URL(value).password;
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** The URL with its password replaced (the rest kept: the console still shows where it points). */
function withUrlPassword(value: string, password: string): string {
  const url = new URL(value);
  url.password = password;
  return url.toString();
}

/** The names of a connector's other fields holding a URL with a password in it (a broker URL). */
function urlsWithPasswords(fields: Fields, secrets: readonly string[]): string[] {
  return Object.keys(fields).filter((name) => !secrets.includes(name) && urlPassword(fields[name]) !== undefined);
}

/** The secret values a task holds (to scrub them from messages), passwords inside URLs too. */
export function taskSecrets(task: unknown): string[] {
  return connectors(task).flatMap(({ fields, secrets }) => [
    ...secrets
      .map((name) => fields[name])
      .filter((value): value is string => typeof value === 'string' && value !== ''),
    ...urlsWithPasswords(fields, secrets).flatMap((name) => {
      const password = urlPassword(fields[name])!;
      return [password, decodeURIComponent(password)];
    }),
  ]);
}

/**
 * The task as an answer may show it: every secret field `REDACTED`, and the password inside any
 * other URL field (`amqp://app:********@host`). The stored definition is not touched.
 *
 * @example redactTask({ name: 't', source: { type: 'http', token: 's3cret' }, … }).source.token // '********'
 */
export function redactTask<T>(task: T): T {
  let out = task as unknown as Fields;
  for (const { path, fields, secrets } of connectors(task)) {
    const present = secrets.filter((name) => fields[name] !== undefined);
    const urls = urlsWithPasswords(fields, secrets);
    if (present.length + urls.length === 0) continue;
    out = withFields(out, path, {
      ...fields,
      ...Object.fromEntries(present.map((name) => [name, REDACTED])),
      ...Object.fromEntries(urls.map((name) => [name, withUrlPassword(fields[name] as string, REDACTED)])),
    });
  }
  return out as unknown as T;
}

/**
 * An update as sent → as meant: a secret field still `REDACTED` (the console sends back what it
 * was shown) takes the value `before` holds for the same connector type, or is left out when
 * there is none, so the placeholder never becomes a password.
 */
export function restoreSecrets(before: unknown, raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  let out = raw;
  for (const { path, fields, secrets } of connectors(raw)) {
    const previous = at(before, path);
    const sameType = previous?.type === fields.type;
    const restored: Fields = { ...fields };
    let changed = false;
    for (const name of secrets) {
      if (restored[name] !== REDACTED) continue;
      changed = true;
      if (sameType && previous?.[name] !== undefined) restored[name] = previous[name];
      else delete restored[name];
    }
    for (const name of Object.keys(restored)) {
      if (secrets.includes(name) || urlPassword(restored[name]) !== REDACTED) continue;
      // the stored URL's password; without one, the placeholder goes rather than becoming a password
      changed = true;
      restored[name] = withUrlPassword(restored[name] as string, (sameType && urlPassword(previous?.[name])) || '');
    }
    if (changed) out = withFields(out, path, restored);
  }
  return out;
}

/** `text` with every secret in it replaced by `REDACTED` (error messages may quote settings). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, value) => (value.length < 4 ? out : out.replaceAll(value, REDACTED)), text);
}
