/**
 * The Node.js runtimes conflux deploys to, per provider (docs/deploy.md "Runtimes" has their
 * end-of-support dates). A bundle is built for the oldest runtime it will meet: the Lambda runtime
 * the deployment chooses, or Function Compute's nodejs20.
 */

/** AWS Lambda's Node.js runtimes a deployment may choose (`deploy.runtime`, `--runtime`). */
export const LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;

/** One of LAMBDA_RUNTIMES. */
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

/** The Lambda runtime unless the config or the command line chooses another. */
export const DEFAULT_LAMBDA_RUNTIME: LambdaRuntime = 'nodejs22.x';

/** Function Compute 3.0's newest built-in Node.js runtime (its list has no nodejs22 yet). */
export const FC_RUNTIME = 'nodejs20';

/** A runtime as a deployment file names it: a Lambda runtime, or FC's. */
export type DeployRuntime = LambdaRuntime | typeof FC_RUNTIME;

/** True for a value `deploy.runtime` or `--runtime` accepts. */
export function isLambdaRuntime(value: string): value is LambdaRuntime {
  return (LAMBDA_RUNTIMES as readonly string[]).includes(value);
}

/**
 * The esbuild target of a bundle for a runtime: the Node.js major the runtime runs.
 *
 * @example bundleTarget('nodejs22.x') // 'node22'; bundleTarget('nodejs20') // 'node20'
 */
export function bundleTarget(runtime: DeployRuntime): `node${number}` {
  const major = /^nodejs(\d+)/.exec(runtime)?.[1];
  if (major === undefined) throw new Error(`not a Node.js runtime: ${runtime}`);
  return `node${Number(major)}`;
}
