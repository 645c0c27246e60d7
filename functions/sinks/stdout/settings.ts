import { literal, strictSettings } from '../../shared/deployed-settings.js';
import type { StdoutSinkConfig } from './config.js';

/** The stdout sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const stdoutSettings = strictSettings<StdoutSinkConfig>({ type: { check: literal('stdout') } });
