import { literal, nonEmptyString, strictSettings } from '../../shared/deployed-settings.js';
import type { FileSinkConfig } from './config.js';

/** The file sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const fileSettings = strictSettings<FileSinkConfig>({
  type: { check: literal('file') },
  path: { check: nonEmptyString },
});
