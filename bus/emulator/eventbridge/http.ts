import { messageOf } from '../../errors.js';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from '../http/server.js';
import { signingRegion } from './arns.js';
import { AwsError } from './errors.js';
import { Input } from './input.js';
import { operationOf } from './operations.js';
import { EventBridgeStore } from './store.js';
import { TargetDispatcher, type TaskDelivery } from './targets.js';

/** The content type of AWS JSON 1.1 requests and answers. */
export const AMZ_JSON_11 = 'application/x-amz-json-1.1';

const reply = (status: number, body: object): Reply => ({
  status,
  text: JSON.stringify(body),
  contentType: AMZ_JSON_11,
});

/** A request body, with JSON that does not parse answered as AWS answers it. */
async function readBody(body: () => Promise<unknown>): Promise<unknown> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'request.json')
      throw new AwsError('SerializationException', error.message, { cause: error });
    throw error;
  }
}

/**
 * The EventBridge-compatible API, `POST /` with `X-Amz-Target: AWSEvents.<Op>`, so
 * `@aws-sdk/client-eventbridge` works with `endpoint` set. State lives in memory per region
 * (read from the request's SigV4 signature) for one emulator run; matched events go to
 * `delivery` for rule targets `arn:conflux:task:<task>`.
 */
export function eventBridgeRoutes(delivery: TaskDelivery): Route[] {
  const stores = new Map<string, EventBridgeStore>();
  const targets = new TargetDispatcher(delivery);
  const storeOf = (region: string) => {
    let store = stores.get(region);
    if (store === undefined) {
      store = new EventBridgeStore(region);
      stores.set(region, store);
    }
    return store;
  };
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return [
    {
      method: 'POST',
      path: /^\/$/,
      handle: async ({ headers, body }) => {
        try {
          const operation = operationOf(first(headers['x-amz-target']));
          const input = Input.read(await readBody(body));
          const store = storeOf(signingRegion(first(headers.authorization)));
          return reply(200, operation(input, { store, targets }));
        } catch (error) {
          if (error instanceof AwsError) return reply(error.status, error.body());
          if (error instanceof ApiError) throw error; // the server's own answers (a body over 1 MiB: 413)
          return reply(500, { __type: 'InternalException', message: messageOf(error) });
        }
      },
    },
  ];
}
