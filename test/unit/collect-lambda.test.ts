// The Lambda collector: every page of ListFunctions with each function's role; a malformed entry
// is skipped and logged; a denied call is data ("error"), and the escalations that needed a
// function to land on become "not assessed" instead of a pass or a guess.

import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { AwsClients } from '../../src/collect/clients.js';
import { ErrorLog } from '../../src/collect/errors.js';
import { collectLambdaRegion } from '../../src/collect/lambda.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { ACCT, addUser, doc, emptySnapshot, key } from '../helpers/builder.js';

const lambdaMock = mockClient(LambdaClient);
afterEach(() => lambdaMock.reset());
const clients = () => new AwsClients({ homeRegion: 'us-east-1', maxAttempts: 1 });
const fn = (name: string, role?: string) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:eu-west-1:${ACCT}:function:${name}`,
  ...(role ? { Role: `arn:aws:iam::${ACCT}:role/${role}` } : {}),
});

describe('Lambda collector', () => {
  it('reads every page, keeps each function role and skips entries without a name', async () => {
    lambdaMock
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [fn('nightly', 'fn-admin'), { FunctionName: 'broken' }], NextMarker: 'm' })
      .resolvesOnce({ Functions: [fn('thumbnailer', 'fn-basic')] });
    const log = new ErrorLog();
    const r = await collectLambdaRegion(clients(), 'eu-west-1', log);
    expect(lambdaMock.commandCalls(ListFunctionsCommand)).toHaveLength(2);
    expect(r.state === 'ok' && r.value.map((f) => [f.name, f.roleArn?.split('/').pop()])).toEqual([
      ['nightly', 'fn-admin'],
      ['thumbnailer', 'fn-basic'],
    ]);
    expect(log.errors).toEqual([expect.objectContaining({ kind: 'invalid-data', service: 'lambda' })]);
  });

  it('a denied ListFunctions makes a function-code escalation "not assessed", naming the gap', async () => {
    lambdaMock
      .on(ListFunctionsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const log = new ErrorLog();
    const functions = await collectLambdaRegion(clients(), 'eu-west-1', log);
    expect(functions).toMatchObject({ state: 'error', error: { kind: 'denied', permission: 'lambda:ListFunctions' } });
    const s = emptySnapshot();
    s.functions = { 'eu-west-1': functions };
    addUser(
      s,
      'deployer',
      { inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' }) }] },
      { accessKeys: [key(true), key(false)] },
    );
    const report = evaluate(s, CHECKS);
    expect(report.findings.filter((f) => f.resource.name === 'deployer' && f.checkId.startsWith('iam.principal-'))).toEqual([]);
    expect(report.notAssessed.find((n) => n.checkId === 'iam.principal-privilege-escalation')?.reason).toMatch(
      /P46 .*needs an existing target: Lambda functions could not be read in eu-west-1/,
    );
  });
});
