import type { PackageTrim } from './rule.js';

/**
 * ioredis's Cluster client (a third of ioredis) is left out: the Redis sink connects one standalone
 * client, and Cluster is only required to be exported (`Redis.Cluster`); constructing it there throws.
 * This keeps the Redis sink under the limit.
 */
export const ioredisStandaloneOnly: PackageTrim = {
  name: 'ioredis-standalone-only',
  package: 'ioredis',
  checkedAgainst: { ioredis: '6.0.0' },
  rules: [
    {
      name: 'the ioredis Cluster client',
      importer: /[\\/]ioredis[\\/]built[\\/](index|Redis)\.js$/,
      request: /^\.\/cluster$/,
      replace: () => ({
        contents:
          "module.exports = { default: function Cluster() { throw new Error('the ioredis Cluster client is left out of conflux bundles (they connect one standalone client)'); } };",
      }),
    },
  ],
};
