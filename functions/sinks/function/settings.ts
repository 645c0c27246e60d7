import { intRange, literal, matching, strictSettings } from '../../shared/deployed-settings.js';
import type { FunctionSinkConfig } from './config.js';

/** The function sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const functionSettings = strictSettings<FunctionSinkConfig>({
  type: { check: literal('function') },
  handler: { check: matching(/^[^#\s][^#]*#[A-Za-z_$][\w$]*$/, '"path/file.mjs#export"') },
  timeoutMs: { check: intRange(1, 900_000), default: 3000 },
});
