import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../../../bus/log/murmur2.js';

// kafkajs' own murmur2 (Java client compatible) is the reference
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

describe('murmur2', () => {
  it('hashes like the Java client / kafkajs for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const data = Buffer.from(bytes);
        expect(murmur2(data)).toBe(kafkajsMurmur2(data));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts a key in the partition kafkajs would', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (key, partitions) => {
        expect(partitionForKey(key, partitions)).toBe((kafkajsMurmur2(Buffer.from(key)) & 0x7fffffff) % partitions);
      }),
    );
  });

  it('matches known Kafka values', () => {
    // org.apache.kafka.common.utils.Utils.murmur2 test vectors
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
  });
});
