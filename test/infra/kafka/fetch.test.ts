import { describe, expect, it } from 'vitest';
import { CONNECT_VERSION, fetchPom, KAFKA_VERSION } from '../../../infra/kafka/fetch.js';

const dependencies = (pom: string) =>
  [
    ...pom
      .slice(pom.indexOf('<dependencies>'))
      .matchAll(/<artifactId>([^<]+)<\/artifactId><version>([^<]+)<\/version>/g),
  ].map((m) => `${m[1]}:${m[2]}`);

describe('the pom that fetches Kafka jars', () => {
  it('asks for the broker at the Kafka version, with the log4j binding', () => {
    expect(dependencies(fetchPom('broker'))).toEqual([`kafka_2.13:${KAFKA_VERSION}`, 'log4j-slf4j-impl:2.25.5']);
  });

  it('asks for Kafka Connect (runtime and file connectors) at its own release', () => {
    expect(dependencies(fetchPom('connect'))).toEqual([
      `connect-runtime:${CONNECT_VERSION}`,
      `connect-file:${CONNECT_VERSION}`,
      'log4j-slf4j-impl:2.25.5',
    ]);
    expect(fetchPom('connect', '9.9.9')).toContain('<artifactId>kafka-connect</artifactId><version>9.9.9</version>');
  });
});
