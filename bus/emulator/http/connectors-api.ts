import type { Route } from './server.js';

/** One field of a connector as the console draws its form: the field table's row, as JSON. */
export interface ConnectorFieldInfo {
  name: string;
  /** text, anyText, integer, boolean, oneOf, url, topic, brokers, spec, specs, list, object, textOr, regex (functions/shared/settings/field-table.ts). */
  kind: string;
  required: boolean;
  default?: unknown;
  secret: boolean;
  doc: string;
  /** oneOf: the values; integer: min and max; url: the schemes. */
  values?: readonly (string | number)[];
  min?: number;
  max?: number;
  schemes?: readonly string[];
  /** object, textOr: the fields of its mapping. */
  fields?: ConnectorFieldInfo[];
}

/** A connector as `GET /api/connectors` lists it. */
export interface ConnectorInfo {
  role: 'source' | 'sink';
  type: string;
  doc: string;
  fields: ConnectorFieldInfo[];
  /**
   * What invokes its deployed function: Lambda's event sources (`kafka`, `rabbitmq`, `httpApi`,
   * `iot`) and Function Compute's (`eventbridge`); absent for a source that is not deployed.
   */
  triggers?: { lambda: readonly string[]; fc: readonly string[] };
  /** A source without triggers: why it cannot be deployed. */
  noTrigger?: string;
}

/**
 * `GET /api/connectors`: every source and sink with its fields, so the console builds its forms
 * from the registry and names no type itself. The list comes from infra (the bus knows no
 * connector); the route has the `api` exposure of every other /api route.
 */
export function connectorRoutes(connectors: readonly ConnectorInfo[]): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/connectors$/,
      handle: async () => ({ status: 200, body: { connectors } }),
    },
  ];
}
