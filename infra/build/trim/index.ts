import type { Plugin } from 'esbuild';
import { ioredisStandaloneOnly } from './ioredis.js';
import { kafkajsProducerOnly } from './kafkajs.js';
import { mqttNodeClientOnly } from './mqtt.js';
import { mysql2AsTheSinkUsesIt } from './mysql2.js';
import { natsPublishOnly } from './nats.js';
import { type PackageTrim, trimPlugin } from './rule.js';

/**
 * Every package the bundles trim, in one list: what each leaves out or replaces, and the versions
 * its rules were checked against (package.json pins each `package` to exactly that version; a test
 * fails when an installed version differs).
 */
export const trims: readonly PackageTrim[] = [
  kafkajsProducerOnly,
  ioredisStandaloneOnly,
  mqttNodeClientOnly,
  natsPublishOnly,
  mysql2AsTheSinkUsesIt,
];

/** The esbuild plugins of every trim, for one build (each checks its rules matched; see trimPlugin). */
export function trimPlugins(): Plugin[] {
  return trims.map(trimPlugin);
}
