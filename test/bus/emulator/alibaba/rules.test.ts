import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import * as EventBridge from '@alicloud/eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlibabaBench, sdkError, startAlibabaBench } from './setup.js';

let bench: AlibabaBench;
let server: Server;
let received: { body: string; type: string | undefined }[];
let url: string;
beforeEach(async () => {
  bench = await startAlibabaBench({
    tasks: [
      {
        name: 'orders-file',
        source: { type: 'kafka', topic: 'unused-rules' },
        sink: { type: 'file', path: 'orders.jsonl' },
      },
    ],
  });
  received = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), type: request.headers['content-type'] });
      response.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/hook`;
});
afterEach(async () => {
  await bench.close();
  await new Promise((resolve) => server.close(resolve));
});

const bus = (eventBusName: string) => ({ eventBusName });
const order = (id: number, status: string, busName = 'shop') =>
  new EventBridge.CloudEvent({
    id: `o-${id}`,
    source: 'shop',
    type: 'order:changed',
    specversion: '1.0',
    datacontenttype: 'application/json',
    data: Buffer.from(JSON.stringify({ id, status })),
    extensions: { aliyuneventbusname: busName },
  });
const targets = () => [
  new EventBridge.TargetEntry({
    id: 'task',
    type: 'conflux.task',
    endpoint: 'orders-file',
    paramList: [
      new EventBridge.EBTargetParam({
        resourceKey: 'body',
        form: 'TEMPLATE',
        value: '{"id":"$.data.id"}',
        template: 'order ${id}',
      }),
    ],
  }),
  new EventBridge.TargetEntry({
    id: 'hook',
    type: 'http',
    endpoint: url,
    paramList: [new EventBridge.EBTargetParam({ resourceKey: 'body', form: 'JSONPATH', value: '$.data' })],
  }),
];

describe('buses, rules, targets and PutEvents with the @alicloud/eventbridge SDK', () => {
  it('routes a CloudEvents batch through an alibaba-dialect rule to a conflux task and an HTTP endpoint, each shaped by its ParamList', async () => {
    const { client } = bench;
    const created = await client.createEventBus(
      new EventBridge.CreateEventBusRequest({ eventBusName: 'shop', description: 'orders' }),
    );
    expect(created.eventBusARN).toBe('acs:eventbridge:local:000000000000:eventbus/shop');
    expect((await client.getEventBus(new EventBridge.GetEventBusRequest(bus('shop')))).description).toBe('orders');
    const buses = await client.listEventBuses(new EventBridge.ListEventBusesRequest({}));
    expect(buses.eventBuses.map((b: EventBridge.EventBusEntry) => b.eventBusName)).toEqual(['default', 'shop']);

    await client.createRule(
      new EventBridge.CreateRuleRequest({
        eventBusName: 'shop',
        ruleName: 'paid',
        filterPattern: '{"source":["shop"],"data":{"status":["paid"]}}',
        status: 'DISABLE',
        targets: targets(),
      }),
    );
    const first = await client.putEvents([order(1, 'paid')]);
    expect(first.failedEntryCount).toBe(0);
    expect(first.entryList![0]!.eventId).toBe('o-1');
    await client.enableRule(new EventBridge.EnableRuleRequest({ eventBusName: 'shop', ruleName: 'paid' }));
    const second = await client.putEvents([order(2, 'paid'), order(3, 'new'), order(4, 'paid')]);
    expect(second.entryList!.map((e: EventBridge.PutEventsResponseEntry) => e.eventId)).toEqual(['o-2', 'o-3', 'o-4']);

    await expect.poll(() => received.length).toBe(2);
    expect(received.map((r) => [r.body, r.type])).toEqual([
      ['{"id":2,"status":"paid"}', 'application/json'],
      ['{"id":4,"status":"paid"}', 'application/json'],
    ]);
    await expect.poll(async () => (await bench.lines('orders.jsonl')).length).toBe(2);
    const delivered = (await bench.lines('orders.jsonl')).map(
      (line) => JSON.parse(line) as { id: string; data: unknown },
    );
    expect(delivered.map((e) => [e.id, e.data])).toEqual([
      ['o-2', 'order 2'],
      ['o-4', 'order 4'],
    ]);

    const rule = await client.getRule(new EventBridge.GetRuleRequest({ eventBusName: 'shop', ruleName: 'paid' }));
    expect([rule.status, rule.filterPattern, rule.targets.length]).toEqual([
      'ENABLE',
      '{"source":["shop"],"data":{"status":["paid"]}}',
      2,
    ]);
    await client.updateRule(
      new EventBridge.UpdateRuleRequest({
        eventBusName: 'shop',
        ruleName: 'paid',
        filterPattern: '{"data":{"status":["new"]}}',
      }),
    );
    await client.putEvents([order(5, 'paid'), order(6, 'new')]);
    await expect.poll(() => received.length).toBe(3);
    expect(received[2]!.body).toBe('{"id":6,"status":"new"}');

    const rules = await client.listRules(new EventBridge.ListRulesRequest({ eventBusName: 'shop' }));
    expect(rules.rules.map((r: EventBridge.EventRuleDTO) => r.ruleName)).toEqual(['paid']);
    const deleted = await client.deleteTargets(
      new EventBridge.DeleteTargetsRequest({ eventBusName: 'shop', ruleName: 'paid', targetIds: ['hook', 'nope'] }),
    );
    expect(deleted.errorEntriesCount).toBe(1);
    expect(deleted.errorEntries[0]).toMatchObject({ entryId: 'nope', errorCode: 'EventTargetNotExist' });
    const left = await client.listTargets(
      new EventBridge.ListTargetsRequest({ eventBusName: 'shop', ruleName: 'paid' }),
    );
    expect(left.targets.map((t: EventBridge.TargetEntry) => t.id)).toEqual(['task']);
    const added = await client.createTargets(
      new EventBridge.CreateTargetsRequest({
        eventBusName: 'shop',
        ruleName: 'paid',
        targets: [new EventBridge.TargetEntry({ id: 'mq', type: 'acs.mns.queue', endpoint: 'q' })],
      }),
    );
    expect(added.errorEntries[0]).toMatchObject({ entryId: 'mq', errorCode: 'InvalidArgument' });

    expect((await sdkError(client.deleteEventBus(new EventBridge.DeleteEventBusRequest(bus('shop'))))).code).toBe(
      'EventBusRuleNotEmptyForDelete',
    );
    await client.disableRule(new EventBridge.DisableRuleRequest({ eventBusName: 'shop', ruleName: 'paid' }));
    await client.deleteRule(new EventBridge.DeleteRuleRequest({ eventBusName: 'shop', ruleName: 'paid' }));
    await client.deleteEventBus(new EventBridge.DeleteEventBusRequest(bus('shop')));
    expect((await sdkError(client.getEventBus(new EventBridge.GetEventBusRequest(bus('shop'))))).code).toBe(
      'EventBusNotExist',
    );
  });

  it('refuses what Alibaba refuses: a missing bus or rule, a taken name, a bad pattern, events for two buses', async () => {
    const { client } = bench;
    await client.createEventBus(new EventBridge.CreateEventBusRequest(bus('shop')));
    const refused = async (call: Promise<unknown>) => {
      const error = await sdkError(call);
      return [error.code, error.data.Message];
    };
    expect(await refused(client.createEventBus(new EventBridge.CreateEventBusRequest(bus('shop'))))).toEqual([
      'EventBusAlreadyExist',
      'The event bus [shop] already existed!',
    ]);
    expect((await refused(client.createEventBus(new EventBridge.CreateEventBusRequest(bus('acs.mine')))))[0]).toBe(
      'EventBusNameInvalid',
    );
    expect(await refused(client.putEvents([order(1, 'paid', 'nope')]))).toEqual([
      'EventBusNotExist',
      'The event bus [nope] not existed!',
    ]);
    expect((await refused(client.putEvents([order(1, 'paid', 'shop'), order(2, 'paid', 'default')])))[0]).toBe(
      'PutEventsRequestMoreThanOneEventBus',
    );
    expect(
      await refused(client.getRule(new EventBridge.GetRuleRequest({ eventBusName: 'shop', ruleName: 'r' }))),
    ).toEqual(['EventRuleNotExisted', 'The event rule [r] of event bus [shop] not existed!']);
    const rule = (filterPattern: string, ruleName = 'r') =>
      new EventBridge.CreateRuleRequest({ eventBusName: 'shop', ruleName, filterPattern });
    expect(await refused(client.createRule(rule('{"source":[{"prefix":""}]}')))).toEqual([
      'InvalidArgument',
      expect.stringMatching(/^FilterPattern\.source/),
    ]);
    await client.createRule(rule('{}'));
    expect((await refused(client.createRule(rule('{}'))))[0]).toBe('EventRuleAlreadyExist');
    const badTemplate = new EventBridge.TargetEntry({
      id: 't',
      type: 'conflux.task',
      endpoint: 'orders-file',
      paramList: [
        new EventBridge.EBTargetParam({
          resourceKey: 'body',
          form: 'TEMPLATE',
          value: '{}',
          template: '${undeclared}',
        }),
      ],
    });
    const withBad = await client.createTargets(
      new EventBridge.CreateTargetsRequest({ eventBusName: 'shop', ruleName: 'r', targets: [badTemplate] }),
    );
    expect(withBad.errorEntries[0]).toMatchObject({
      entryId: 't',
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringMatching(/^Targets\[0\]: .*undeclared/),
    });
    const bad = new EventBridge.CloudEvent({
      id: 'x',
      source: 'shop',
      specversion: '1.0',
      extensions: { aliyuneventbusname: 'shop' },
    });
    const partial = await client.putEvents([bad, order(9, 'paid')]);
    expect(partial.failedEntryCount).toBe(1);
    expect(partial.entryList![0]).toMatchObject({
      errorCode: 'InvalidArgument',
      errorMessage: 'type: required, a non-empty string',
    });
  });

  it('TestEventPattern answers by the alibaba dialect', async () => {
    const test = (event: unknown, eventPattern: string) =>
      bench.client.testEventPattern(
        new EventBridge.TestEventPatternRequest({ event: JSON.stringify(event), eventPattern }),
      );
    expect((await test({ source: 'shop', data: { n: 300 } }, '{"data":{"n":[300]}}')).result).toBe(true);
    expect((await test({ source: 'shop' }, '{"source":["bank"]}')).result).toBe(false);
    expect((await test({ source: 'shop' }, '{}')).result).toBe(true);
    const invalid = await sdkError(test({}, '{"source":[{"prefix":""}]}'));
    expect([invalid.code, invalid.data.Message]).toEqual([
      'InvalidArgument',
      expect.stringMatching(/^EventPattern\.source/),
    ]);
    // an event deeper than a task takes is refused, as the task and `pattern test` refuse it
    const deep = JSON.parse(`{"source":"shop","data":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`);
    const tooDeep = await sdkError(test(deep, '{"source":["shop"]}'));
    expect([tooDeep.code, tooDeep.data.Message]).toEqual([
      'InvalidArgument',
      expect.stringMatching(/^Event: the event nests deeper than 100 levels at \$\.data\.a/),
    ]);
  });
});
