/**
 * Kafka's default partitioner: murmur2 of the key bytes (the Java client's variant, which kafkajs'
 * DefaultPartitioner also uses), made positive, modulo the partition count. A key therefore lands in
 * the same partition on the embedded bus as on Kafka with the same partition count.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** The 32-bit murmur2 hash of `data`, as a signed integer (like Java's `Utils.murmur2`). */
export function murmur2(data: Buffer): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length & ~3;
  for (let i = 0; i < length4; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  switch (length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2 folds the remaining bytes by falling through
    case 3:
      h ^= data[length4 + 2]! << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: as above
    case 2:
      h ^= data[length4 + 1]! << 8;
    case 1:
      h ^= data[length4]!;
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition of a keyed record among `partitions`.
 * @example partitionForKey('order-1', 4) // same answer as kafkajs' DefaultPartitioner
 */
export function partitionForKey(key: Buffer | string, partitions: number): number {
  const bytes = typeof key === 'string' ? Buffer.from(key) : key;
  return (murmur2(bytes) & 0x7fffffff) % partitions;
}
