import { hmacSha1, sameSignature } from './acs-signature.js';
import type { AlibabaCredentials } from './credentials.js';
import { AlibabaError } from './errors.js';

/** Percent-encoding of Alibaba's signature version 1.0 (RFC 3986: also `!'()*`). */
export function rpcEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The string an RPC-style request signs (signature version 1.0, as `@alicloud/pop-core` and the
 * aliyun CLI compute it): `METHOD&%2F&` + the encoded, key-sorted `key=value` pairs of every
 * parameter but Signature (sorted by raw key, as pop-core sorts them).
 */
export function rpcStringToSign(method: string, params: [string, string][]): string {
  const canonical = params
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${rpcEncode(key)}=${rpcEncode(value)}`)
    .join('&');
  return `${method.toUpperCase()}&${rpcEncode('/')}&${rpcEncode(canonical)}`;
}

/**
 * Checks an RPC request's signature parameters: AccessKeyId and Signature must be present; with
 * `credentials`, the id must be theirs and the signature HMAC-SHA1 keyed with `secret&`.
 */
export function verifyRpcRequest(
  method: string,
  params: [string, string][],
  credentials: AlibabaCredentials | undefined,
): void {
  const get = (name: string) => params.find(([key]) => key === name)?.[1];
  const id = get('AccessKeyId');
  const signature = get('Signature');
  if (!id || !signature)
    throw new AlibabaError(
      'SignatureDoesNotMatch',
      'The request is not signed: AccessKeyId and Signature are required.',
    );
  if (credentials === undefined) return;
  if (id !== credentials.accessKeyId)
    throw new AlibabaError('InvalidAccessKeyId', 'The access Id you provided is not exist.');
  const expected = hmacSha1(rpcStringToSign(method, params), `${credentials.accessKeySecret}&`);
  if (!sameSignature(signature, expected))
    throw new AlibabaError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
}
