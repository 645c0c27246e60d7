import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployableSourceTypes, kafkaSources, lambdaSources } from '../../functions/adapters/lambda/event-sources.js';
import { readDeployedSource } from '../../functions/adapters/source/deployed-source.js';
import { LAMBDA_TRIGGERS } from '../../functions/adapters/triggers.js';
import { connectorCatalog } from '../../functions/catalog.js';
import type { FunctionEntry } from '../../functions/entry.js';
import { registry } from '../../functions/registry.js';
import { defineSource, deployedTriggers } from '../../functions/shared/settings/connector.js';
import { createSourceHandler } from '../../functions/shared/task/source-handler.js';
import { httpSource } from '../../functions/sources/http/connector.js';
import { sourceLines } from '../../functions/sources/index.js';
import { buildable, whyNoBundle } from '../../infra/build/bundle.js';
import { sourceDeployments, undeployableSource } from '../../infra/build/task-plan-sources.js';

const sources = registry.filter((entry) => entry.kind === 'source');
const deployed = sources.filter((entry) => entry.triggers !== undefined);
/** Each (trigger, source type) pair a source declares. */
const declaredPairs = deployed.flatMap((entry) =>
  entry.triggers!.lambda.map((trigger) => `${trigger} → ${entry.type}`),
);

describe('the declared triggers and the Lambda decoder rows', () => {
  it('agree: every trigger a source declares has a row serving that source, and every row belongs to a declared trigger', () => {
    const rowPairs = [...new Set(Object.values(lambdaSources).map((row) => `${row.trigger} → ${row.serves}`))];
    expect(rowPairs.sort()).toEqual([...declaredPairs].sort());
    expect(declaredPairs).toEqual(['kafka → kafka', 'httpApi → http', 'rabbitmq → rabbitmq', 'iot → mqtt']);
  });

  it('name only triggers of the vocabulary, and every Lambda trigger conflux decodes is declared by some source', () => {
    const names = Object.keys(LAMBDA_TRIGGERS);
    for (const entry of registry) for (const trigger of entry.triggers?.lambda ?? []) expect(names).toContain(trigger);
    expect(new Set(deployed.flatMap((entry) => entry.triggers!.lambda))).toEqual(new Set(names));
  });

  it('give transformers and sinks Kafka, which the transformer rows and the sink rows decode, and FC EventBridge', () => {
    for (const entry of registry.filter((each) => each.kind !== 'source')) {
      expect(entry.triggers, entry.name).toEqual({ lambda: ['kafka'], fc: ['eventbridge'] });
    }
    expect(new Set(Object.values(kafkaSources).map((row) => row.trigger))).toEqual(new Set(['kafka']));
  });

  it('make the source types a deployed function accepts those declared with triggers', () => {
    expect([...deployableSourceTypes].sort()).toEqual(deployed.map((entry) => entry.type).sort());
  });

  it("match conflux package's rows: one per deployed source, writing the event of its declared trigger", () => {
    expect(Object.keys(sourceDeployments).sort()).toEqual(deployed.map((entry) => entry.type).sort());
    for (const entry of deployed) expect(entry.triggers!.lambda).toContain(sourceDeployments[entry.type]!.trigger);
  });

  it('are what GET /api/connectors serves, and a source without them says why', () => {
    const catalog = connectorCatalog();
    for (const { connector } of sourceLines) {
      const info = catalog.find((each) => each.role === 'source' && each.type === connector.type)!;
      if (connector.triggers === undefined) {
        expect(info.triggers).toBeUndefined();
        expect(info.noTrigger).toBe(connector.noTrigger);
      } else {
        expect(info.triggers).toEqual(connector.triggers);
        expect(info.noTrigger).toBeUndefined();
      }
    }
    expect(catalog.find((each) => each.type === 'nats' && each.role === 'source')!.noTrigger).toMatch(
      /^AWS has no NATS trigger for Lambda/,
    );
  });
});

describe('a source declared without triggers', () => {
  const { triggers: _dropped, ...withoutTriggers } = httpSource;
  const udp = defineSource({
    type: 'udp',
    doc: 'Receives UDP datagrams.',
    example: 'source: { type: udp }',
    noTrigger: 'AWS has no UDP trigger for Lambda',
    fields: {},
  });

  it('is refused as a deployed source, naming the field and its reason', () => {
    expect(() => deployedTriggers(udp)).toThrow(
      'the udp source cannot be deployed: its declaration (functions/sources/udp/connector.ts) names no `triggers`: AWS has no UDP trigger for Lambda',
    );
    expect(() => createSourceHandler(withoutTriggers)).toThrow(
      expect.objectContaining({
        code: 'connector.not-deployed',
        message:
          'the http source cannot be deployed: its declaration (functions/sources/http/connector.ts) names no `triggers`',
      }),
    );
  });

  it('gets no bundle even with a handler.ts, and says why', () => {
    const root = mkdtempSync(join(tmpdir(), 'conflux-triggers-'));
    mkdirSync(join(root, 'functions/sources/udp'), { recursive: true });
    writeFileSync(join(root, 'functions/sources/udp/handler.ts'), 'export const handler = async () => 1;\n');
    const entry: FunctionEntry = {
      kind: 'source',
      type: 'udp',
      name: 'source-udp',
      dir: 'functions/sources/udp',
      connector: udp,
    };
    expect(buildable([entry], root)).toEqual({ ready: [], missing: ['source-udp'] });
    expect(whyNoBundle('source-udp', [entry])).toBe('no AWS trigger invokes a udp source (conflux run runs it)');
    expect(buildable([{ ...entry, triggers: { lambda: ['iot'], fc: [] } }], root).ready).toHaveLength(1);
  });

  it("is refused by conflux package with its declaration's reason, and by a deployed function's CONFLUX_SOURCE", () => {
    expect(undeployableSource('nats')).toBe(
      'nats sources cannot be deployed: AWS has no NATS trigger for Lambda; run this task with `conflux run`, or bridge the subject to Kafka, RabbitMQ or MQTT',
    );
    for (const entry of sources.filter((each) => each.triggers === undefined)) {
      expect(undeployableSource(entry.type)).toMatch(
        new RegExp(`^${entry.type} sources cannot be deployed: .*conflux run`),
      );
      expect(() =>
        readDeployedSource('CONFLUX_SOURCE', JSON.stringify({ type: entry.type }), deployableSourceTypes),
      ).toThrow(`CONFLUX_SOURCE is not valid: source.type: must be a source type a Lambda trigger serves`);
    }
  });
});
