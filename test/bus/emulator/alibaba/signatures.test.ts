import * as EventBridge from '@alicloud/eventbridge';
import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsStringToSign } from '../../../../bus/emulator/alibaba/acs-signature.js';
import { parseCredentials } from '../../../../bus/emulator/alibaba/credentials.js';
import { rpcStringToSign } from '../../../../bus/emulator/alibaba/rpc-signature.js';
import { type AlibabaBench, sdkError, startAlibabaBench } from './setup.js';

const list = new EventBridge.ListEventStreamingsRequest({});

describe('with --alibaba-credentials, every request is signed as the SDKs sign it', () => {
  let bench: AlibabaBench;
  beforeAll(async () => {
    bench = await startAlibabaBench({}, { credentials: parseCredentials('LTAI-conflux:s3cr3t:with:colons') });
  });
  afterAll(async () => {
    await bench.close();
  });
  const rpc = (accessKeyId: string, accessKeySecret: string) =>
    new RPCClient({
      accessKeyId,
      accessKeySecret,
      endpoint: `http://127.0.0.1:${bench.streams.port}`,
      apiVersion: '2020-04-01',
    });

  it('takes the @alicloud/eventbridge SDK signing with the right pair, JSON and CloudEvents batches alike', async () => {
    const client = bench.clientWith('LTAI-conflux', 's3cr3t:with:colons');
    expect((await client.listEventStreamings(list)).total).toBe(0);
    const event = new EventBridge.CloudEvent({
      id: 'e1',
      source: 's',
      type: 't',
      specversion: '1.0',
      data: Buffer.from('{"a":1}'),
    });
    expect((await client.putEvents([event])).failedEntryCount).toBe(0);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (403), an unknown id with InvalidAccessKeyId', async () => {
    const wrong = await sdkError(bench.clientWith('LTAI-conflux', 'guess').listEventStreamings(list));
    expect([wrong.code, wrong.data.Message]).toEqual([
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ]);
    expect(
      (await sdkError(bench.clientWith('someone-else', 's3cr3t:with:colons').listEventStreamings(list))).code,
    ).toBe('InvalidAccessKeyId');
    const unsigned = await fetch(`http://127.0.0.1:${bench.streams.port}/openapi/v2/listEventStreamings`, {
      method: 'POST',
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      Message: expect.stringMatching(/no Authorization header/),
    });
  });

  it('takes pop-core (RPC style, signature 1.0) with the right pair, by GET and by POST, and refuses a wrong one', async () => {
    const good = rpc('LTAI-conflux', 's3cr3t:with:colons');
    expect(await good.request('ListEventStreamings', {})).toMatchObject({
      Code: 'Success',
      Success: true,
      Data: { Total: 0 },
    });
    expect(await good.request('ListEventStreamings', { NamePrefix: "a b!'()*~" }, { method: 'POST' })).toMatchObject({
      Code: 'Success',
    });
    await expect(rpc('LTAI-conflux', 'guess').request('ListEventStreamings', {})).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(rpc('nobody', 's3cr3t:with:colons').request('ListEventStreamings', {})).rejects.toMatchObject({
      code: 'InvalidAccessKeyId',
    });
  });
});

describe('without credentials', () => {
  let bench: AlibabaBench;
  beforeAll(async () => {
    bench = await startAlibabaBench();
  });
  afterAll(async () => {
    await bench.close();
  });

  it('takes any well-formed signed request, and refuses one that is not signed', async () => {
    expect((await bench.clientWith('any', 'thing').listEventStreamings(list)).total).toBe(0);
    const post = (authorization: string | undefined) =>
      fetch(`http://127.0.0.1:${bench.streams.port}/openapi/v2/listEventStreamings`, {
        method: 'POST',
        body: '{}',
        headers: authorization === undefined ? {} : { authorization },
      });
    expect((await post('acs id:c2lnbmF0dXJl')).status).toBe(200);
    expect((await post(undefined)).status).toBe(403);
    expect((await post('Bearer token')).status).toBe(403);
    const rpcUnsigned = await fetch(
      `http://127.0.0.1:${bench.streams.port}/?Action=ListEventStreamings&Version=2020-04-01`,
    );
    expect(rpcUnsigned.status).toBe(403);
    expect(await rpcUnsigned.json()).toMatchObject({ Code: 'SignatureDoesNotMatch', Success: false });
  });
});

describe('strings to sign', () => {
  it("are the SDK's: headers, sorted x-acs-* headers, then the path", () => {
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      date: 'Sun, 06 Dec 2026 10:00:00 GMT',
      'x-acs-signature-version': '1.0',
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-nonce': ' n\t1 ',
      host: '127.0.0.1',
    };
    expect(acsStringToSign('post', '/openapi/putEvents', new URLSearchParams('b=2&a=1'), headers)).toBe(
      'POST\n\napplication/json; charset=utf-8\nSun, 06 Dec 2026 10:00:00 GMT\nx-acs-signature-method:HMAC-SHA1\nx-acs-signature-nonce:n 1\nx-acs-signature-version:1.0\n/openapi/putEvents?a=1&b=2',
    );
  });

  it("are pop-core's: sorted, RFC 3986 encoded pairs without Signature", () => {
    expect(
      rpcStringToSign('GET', [
        ['Version', '2020-04-01'],
        ['Action', 'X'],
        ['Name', 'a b*'],
        ['Signature', 's'],
      ]),
    ).toBe('GET&%2F&Action%3DX%26Name%3Da%2520b%252A%26Version%3D2020-04-01');
  });
});

describe('with an API token (--api-token)', () => {
  it('takes the SDK when its AccessKey id is the token, and refuses it otherwise', async () => {
    const token = 'alibaba-token-0123456789';
    const bench = await startAlibabaBench({}, { apiToken: token });
    try {
      expect((await bench.clientWith(token, 'any').listEventStreamings(list)).total).toBe(0);
      const refused = await fetch(`http://127.0.0.1:${bench.streams.port}/openapi/v2/listEventStreamings`, {
        method: 'POST',
        headers: { authorization: 'acs:someone:c2ln' },
        body: '{}',
      });
      expect(refused.status).toBe(401);
    } finally {
      await bench.close();
    }
  });
});
