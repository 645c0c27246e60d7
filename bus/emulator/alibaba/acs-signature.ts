import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AlibabaCredentials } from './credentials.js';
import { AlibabaError } from './errors.js';

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
};

/**
 * The string the `@alicloud/eventbridge` SDK signs (its eventbridge-util `getStringToSign`):
 * method, Content-MD5, Content-Type and Date lines, then each `x-acs-*` header sorted by name
 * as `name:value` (tabs and line breaks made spaces, trimmed), then the path with its query
 * sorted by key.
 */
export function acsStringToSign(
  method: string,
  pathname: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): string {
  const lines = [
    method.toUpperCase(),
    header(headers, 'content-md5'),
    header(headers, 'content-type'),
    header(headers, 'date'),
  ];
  const acs = Object.keys(headers)
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map(
      (name) =>
        `${name}:${header(headers, name)
          .replace(/[\t\n\r\f]/g, ' ')
          .trim()}\n`,
    )
    .join('');
  const keys = [...new Set(query.keys())].sort();
  const resource = keys.length === 0 ? pathname : `${pathname}?${keys.map((k) => `${k}=${query.get(k)}`).join('&')}`;
  return `${lines.join('\n')}\n${acs}${resource}`;
}

/** HMAC-SHA1 of `text` with `key`, base64: the signature both API styles use. */
export function hmacSha1(text: string, key: string): string {
  return createHmac('sha1', key).update(text, 'utf8').digest('base64');
}

/** Constant-time comparison of two signatures. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `acs:ID:SIGNATURE` as the SDK sends it, or `acs ID:SIGNATURE` as the API reference writes it. */
const AUTHORIZATION = /^acs[: ]([^:\s]+):(\S+)$/;

/**
 * Checks an `/openapi/...` request's `Authorization`. It must be well formed (an AccessKey id
 * and a signature); with `credentials`, the id must be theirs and the signature the one the SDK
 * computes with their secret. Refusals are Alibaba's 403 codes.
 */
export function verifyAcsRequest(
  request: { method: string; pathname: string; query: URLSearchParams; headers: IncomingHttpHeaders },
  credentials: AlibabaCredentials | undefined,
): void {
  const authorization = header(request.headers, 'authorization');
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) {
    throw new AlibabaError(
      'SignatureDoesNotMatch',
      authorization === ''
        ? 'The request is not signed: it has no Authorization header (acs:<AccessKeyId>:<signature>).'
        : 'The Authorization header is not acs:<AccessKeyId>:<signature>.',
    );
  }
  if (credentials === undefined) return;
  const [, id, signature] = match;
  if (id !== credentials.accessKeyId)
    throw new AlibabaError('InvalidAccessKeyId', 'The access Id you provided is not exist.');
  const expected = hmacSha1(
    acsStringToSign(request.method, request.pathname, request.query, request.headers),
    credentials.accessKeySecret,
  );
  if (!sameSignature(signature!, expected))
    throw new AlibabaError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
}
