import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderServerless } from '../../../infra/build/serverless.js';

describe('renderServerless', () => {
  const statement = (bus: string) => ({ Effect: 'Allow', Action: ['events:PutEvents'], Resource: [bus] });
  const text = renderServerless(
    [
      {
        name: 'a',
        artifact: 'artifacts/a.zip',
        events: [{ iot: { sql: "SELECT * FROM 'a/#'", sqlVersion: '2016-03-23' } }],
        iamStatements: [statement('arn:1')],
      },
      { name: 'b', artifact: 'artifacts/b.zip', iamStatements: [statement('arn:1'), statement('arn:2')] },
      { name: 'c', artifact: 'artifacts/c.zip', environment: { FLAG: 'yes', ON: 'on' } },
    ],
    { service: 's' },
  );
  // How the Framework reads it: js-yaml, YAML 1.1 (dates, yes/on are not strings there).
  const yml = parse(text, { version: '1.1' }) as {
    provider: { iam: { role: { statements: unknown[] } } };
    functions: Record<string, { events?: { iot: { sqlVersion: unknown } }[]; environment?: Record<string, unknown> }>;
  };

  it("writes YAML 1.1, so the Framework reads every string as a string (an IoT rule's SQL version is no date)", () => {
    expect(yml.functions.a!.events![0]!.iot.sqlVersion).toBe('2016-03-23');
    expect(yml.functions.c!.environment).toEqual({ FLAG: 'yes', ON: 'on' });
  });

  it("gives the service's role every function's IAM statements, each once, and no function its own", () => {
    expect(yml.provider.iam.role.statements).toEqual([statement('arn:1'), statement('arn:2')]);
    expect(text).not.toMatch(/^ {4}iamStatements/m);
  });
});
