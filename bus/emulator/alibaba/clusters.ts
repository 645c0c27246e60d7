import { invalidArgument } from './errors.js';

/** conflux.yaml's `kafkaClusters`: cluster id → its brokers. */
export type KafkaClusters = Readonly<Record<string, { brokers: readonly string[] }>>;

/** The InstanceId that means the embedded bus (as does no InstanceId). */
export const EMBEDDED = 'embedded';

/** The brokers an InstanceId names: undefined for the embedded bus; an unknown id is refused naming `path`. */
export function brokersOf(instanceId: string | undefined, clusters: KafkaClusters, path: string): string[] | undefined {
  if (instanceId === undefined || instanceId === '' || instanceId === EMBEDDED) return undefined;
  const cluster = clusters[instanceId];
  if (cluster === undefined) {
    const known = Object.keys(clusters);
    const hint = known.length === 0 ? 'conflux.yaml has no kafkaClusters' : `known: ${known.join(', ')}`;
    throw invalidArgument(
      path,
      `no Kafka cluster "${instanceId}" in conflux.yaml kafkaClusters (${hint}; omit it or say "${EMBEDDED}" for the embedded bus)`,
    );
  }
  return [...cluster.brokers];
}

/**
 * The InstanceId for a task's brokers: absent for the embedded bus, the id of the cluster with
 * exactly these brokers, or null when no cluster has them (not expressible as an InstanceId).
 */
export function instanceIdOf(brokers: unknown, clusters: KafkaClusters): string | undefined | null {
  if (brokers === undefined) return undefined;
  if (!Array.isArray(brokers)) return null;
  const key = [...brokers].sort().join(',');
  const found = Object.entries(clusters).find(([, c]) => [...c.brokers].sort().join(',') === key);
  return found === undefined ? null : found[0];
}
