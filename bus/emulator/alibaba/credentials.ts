import { ConfluxError } from '../../errors.js';

/** An AccessKey pair the emulator checks signatures with. */
export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** The environment variable `conflux run` reads credentials from when `--alibaba-credentials` is not given. */
export const CREDENTIALS_ENV = 'CONFLUX_ALIBABA_CREDENTIALS';

/**
 * `ID:SECRET` → the pair (the secret may itself hold colons).
 * @example parseCredentials('LTAI5t:s3cr3t') // {accessKeyId: 'LTAI5t', accessKeySecret: 's3cr3t'}
 */
export function parseCredentials(text: string): AlibabaCredentials {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1)
    throw new ConfluxError('alibaba.credentials', 'Alibaba credentials must be ACCESS_KEY_ID:ACCESS_KEY_SECRET', {
      path: 'alibaba-credentials',
    });
  return { accessKeyId: text.slice(0, at), accessKeySecret: text.slice(at + 1) };
}
