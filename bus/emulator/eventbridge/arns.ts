// ARNs in AWS's form, for the one account the emulator plays.

/** The account every emulated resource belongs to (LocalStack's default too). */
export const ACCOUNT = '000000000000';

/** The region used when a request carries no SigV4 signature to read one from. */
export const DEFAULT_REGION = 'us-east-1';

/** The bus every account and region has, and that cannot be deleted. */
export const DEFAULT_BUS = 'default';

/** `arn:aws:events:REGION:ACCOUNT:event-bus/NAME` */
export function busArn(region: string, bus: string): string {
  return `arn:aws:events:${region}:${ACCOUNT}:event-bus/${bus}`;
}

/** `arn:aws:events:REGION:ACCOUNT:rule/NAME` on the default bus, `rule/BUS/NAME` on a custom one. */
export function ruleArn(region: string, bus: string, rule: string): string {
  const path = bus === DEFAULT_BUS ? rule : `${bus}/${rule}`;
  return `arn:aws:events:${region}:${ACCOUNT}:rule/${path}`;
}

/**
 * The bus a parameter names: absent or empty → `default`; an event-bus ARN → the name after
 * `event-bus/`; anything else is taken as the name.
 * @example busNameOf('arn:aws:events:us-east-1:000000000000:event-bus/orders') // 'orders'
 */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS;
  const marker = ':event-bus/';
  const at = nameOrArn.startsWith('arn:') ? nameOrArn.indexOf(marker) : -1;
  return at === -1 ? nameOrArn : nameOrArn.slice(at + marker.length);
}

/** The region a SigV4 `Authorization` header was signed for (`Credential=KEY/DATE/REGION/events/…`). */
export function signingRegion(authorization: string | undefined): string {
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '');
  return match?.[1] ?? DEFAULT_REGION;
}
