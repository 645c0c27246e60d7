import type { IncomingHttpHeaders } from 'node:http';
import { messageOf } from '../../errors.js';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from '../http/server.js';
import { verifyAcsRequest } from './acs-signature.js';
import { AlibabaBusStore } from './bus-store.js';
import type { KafkaClusters } from './clusters.js';
import type { AlibabaCredentials } from './credentials.js';
import { AlibabaError, requestId } from './errors.js';
import { EventTargets, type Transformer } from './event-targets.js';
import { actionOfPath, operationOf } from './operations.js';
import { type JsonObject, Params } from './params.js';
import { rpcParams } from './rpc-params.js';
import { verifyRpcRequest } from './rpc-signature.js';
import type { AlibabaContext, StreamTasks } from './types.js';

/** What the Alibaba API needs from `conflux run`. */
export interface AlibabaOptions {
  tasks: StreamTasks;
  /** conflux.yaml's `kafkaClusters`, which InstanceIds name. */
  clusters?: KafkaClusters;
  /** When given, every request's signature is checked against them; otherwise any well-formed signed request is taken. */
  credentials?: AlibabaCredentials;
  /** Runs rule targets' ParamList transforms (conflux's transform engine). */
  transformer: Transformer;
}

/** The account id ARNs and answers carry: the emulator has one, like LocalStack's 000000000000. */
const ACCOUNT = '000000000000';

/** Buses and rules are kept per region: a bound, so a client naming ever new regions cannot fill the memory. */
const MAX_REGIONS = 64;

const json = (status: number, body: JsonObject): Reply => ({
  status,
  text: JSON.stringify(body),
  contentType: 'application/json;charset=utf-8',
});

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Runs a call; a refusal becomes Alibaba's error body under the request's id. */
async function answer(id: string, run: () => Promise<JsonObject>): Promise<Reply> {
  try {
    return json(200, await run());
  } catch (error) {
    if (error instanceof AlibabaError) return json(error.status, error.body(id));
    if (error instanceof ApiError && error.status === 413) throw error; // the server's own answer to a body over 1 MiB
    const wrapped =
      error instanceof ApiError
        ? new AlibabaError('InvalidArgument', error.message)
        : new AlibabaError('InternalError', messageOf(error));
    return json(wrapped.status, wrapped.body(id));
  }
}

/** True for an RPC-style call: `Action` in the query, or a form-encoded POST body (pop-core with method POST). */
function isRpc(query: URLSearchParams, headers: IncomingHttpHeaders): boolean {
  return query.has('Action') || (first(headers['content-type']) ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * The Alibaba Cloud EventBridge API (2020-04-01) in both of its styles: the `@alicloud/eventbridge`
 * SDK's `POST /openapi/...` JSON (acs signature in `Authorization`; answers flat, as the SDK reads
 * them) and the RPC style of pop-core, the aliyun CLI and Terraform (`/?Action=…&Version=2020-04-01`,
 * signature 1.0 over the parameters; answers `{RequestId, Code, Success, Data}`). Both run the same
 * operations on the emulator's tasks.
 */
export function alibabaRoutes(options: AlibabaOptions): Route[] {
  const targets = new EventTargets(options.tasks, options.transformer);
  const regions = new Map<string, AlibabaBusStore>();
  const context = (given: string | undefined): AlibabaContext => {
    const region = given || 'local';
    let buses = regions.get(region);
    if (buses === undefined) {
      if (regions.size >= MAX_REGIONS)
        throw new AlibabaError(
          'InvalidArgument',
          `RegionId: the emulator keeps at most ${MAX_REGIONS} regions (got a new one, "${region.slice(0, 64)}")`,
        );
      buses = new AlibabaBusStore();
      regions.set(region, buses);
    }
    return { tasks: options.tasks, clusters: options.clusters ?? {}, region, account: ACCOUNT, buses, targets };
  };
  return [
    {
      method: 'POST',
      path: /^(\/openapi\/(?:v2\/)?[A-Za-z]+)$/,
      handle: async ({ params, query, headers, body, method }) => {
        const id = requestId();
        const pathname = params[0]!;
        return answer(id, async () => {
          verifyAcsRequest({ method, pathname, query, headers }, options.credentials);
          const operation = operationOf(actionOfPath(pathname));
          const raw = await body();
          // PutEvents' body is the CloudEvents batch itself: a JSON array
          const params = Array.isArray(raw) ? new Params({ Events: raw }) : Params.of(raw);
          const fields = await operation(params, context(first(headers['x-eventbridge-regionid'])));
          return { RequestId: id, ResourceOwnerAccountId: ACCOUNT, Code: 'Success', Success: true, ...fields };
        });
      },
    },
    // the RPC style: GET with the parameters in the query, or a form-encoded POST (pop-core's method POST)
    ...(['GET', 'POST'] as const).map(
      (method): Route => ({
        method,
        path: /^\/$/,
        accepts: ({ query, headers }) => isRpc(query, headers),
        handle: async ({ query, rawBody, method }) => {
          const id = requestId();
          return answer(id, async () => {
            const pairs: [string, string][] = [...query.entries()];
            if (method === 'POST') pairs.push(...new URLSearchParams((await rawBody()).toString('utf8')).entries());
            verifyRpcRequest(method, pairs, options.credentials);
            const action = pairs.find(([key]) => key === 'Action')?.[1] ?? '';
            const version = pairs.find(([key]) => key === 'Version')?.[1];
            if (version !== '2020-04-01')
              throw new AlibabaError(
                'InvalidArgument',
                `Version: must be 2020-04-01 (got ${version === undefined ? 'none' : `"${version}"`})`,
              );
            const region = pairs.find(([key]) => key === 'RegionId')?.[1];
            const data = await operationOf(action)(new Params(rpcParams(pairs)), context(region));
            return {
              RequestId: id,
              Code: 'Success',
              Success: true,
              Message: '',
              ...(Object.keys(data).length === 0 ? { Data: true } : { Data: data }),
            };
          });
        },
      }),
    ),
  ];
}
