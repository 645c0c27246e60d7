import { stringify } from 'yaml';
import { FC_RUNTIME } from '../config/runtimes.js';
import type { DeployFunction } from './serverless.js';

/**
 * s.yaml (Serverless Devs 3, the `fc3` component) for the functions of a config on Alibaba Cloud
 * Function Compute 3.0: one function per task, on FC's nodejs20 runtime (the bundles in
 * `artifacts/` beside it are built for it), handler `index.fcHandler`, the task's settings in its
 * environment, the region in `vars`. The event stream or rule that invokes each function is set up
 * in EventBridge (docs/deploy.md).
 *
 * @example renderFcDeployment([{ name: 'orders-log', artifact: 'artifacts/orders-log.zip' }], { service: 'conflux-tasks', header: [] })
 */
export function renderFcDeployment(
  functions: readonly DeployFunction[],
  options: { service: string; header: string[] },
): string {
  const definition = {
    edition: '3.0.0',
    name: options.service,
    access: 'default',
    vars: { region: 'cn-hangzhou' },
    resources: Object.fromEntries(
      functions.map((fn) => [
        fn.name,
        {
          component: 'fc3',
          props: {
            region: '${vars.region}',
            functionName: fn.name,
            ...(fn.description ? { description: fn.description } : {}),
            runtime: FC_RUNTIME,
            handler: 'index.fcHandler',
            code: `./${fn.artifact}`,
            memorySize: 256,
            timeout: fn.timeout ?? 60,
            ...(fn.environment && Object.keys(fn.environment).length > 0
              ? { environmentVariables: fn.environment }
              : {}),
          },
        },
      ]),
    ),
  };
  const header = options.header.map((line) => `# ${line}`.trimEnd());
  return [...header, stringify(definition, { lineWidth: 0 })].join('\n');
}
