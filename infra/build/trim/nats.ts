import { inPackage, leftOut, type PackageTrim } from './rule.js';

const PUBLISH = 'the NATS sink only publishes, and its settings hold no credentials';

/**
 * nats.js as the NATS sink uses it: core publish and JetStream publish stay; key-value and object
 * stores (with their SHA-256), JetStream consumers, services, the benchmark tool and NKey/JWT
 * signing (nkeys.js and tweetnacl: only with an nkey, seed or credentials authenticator, which the
 * sink never passes, as its settings hold none) are left out. This keeps the NATS sink under the limit.
 */
export const natsPublishOnly: PackageTrim = {
  name: 'nats-publish-only',
  package: 'nats',
  checkedAgainst: { nats: '2.29.3' },
  rules: (
    [
      ['lib/jetstream/kv.js', 'the NATS key-value store'],
      ['lib/jetstream/objectstore.js', 'the NATS object store'],
      ['lib/jetstream/consumer.js', 'JetStream consumers'],
      ['lib/nats-base-client/service.js', 'NATS services'],
      ['lib/nats-base-client/serviceclient.js', 'NATS services'],
      ['lib/nats-base-client/bench.js', 'the NATS benchmark'],
      ['lib/nats-base-client/nkeys.js', 'NKey and JWT authentication'],
    ] as const
  ).map(([file, what]) => ({
    name: `${what} (${file})`,
    file: inPackage('nats', file),
    replace: leftOut(what, PUBLISH),
  })),
};
