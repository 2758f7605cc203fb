// The collectors of what runs as a role: every page of ListFunctions, DescribeStacks and
// ListProjects (with BatchGetProjects in chunks of 100) with each one's role; a malformed entry
// is skipped and logged; a denied call is data ("error"), and the escalations that needed such
// a target to land on become "not assessed" instead of a pass or a guess.

import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, CodeBuildClient, ListProjectsCommand } from '@aws-sdk/client-codebuild';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { AwsClients } from '../../src/collect/clients.js';
import { ErrorLog } from '../../src/collect/errors.js';
import { collectBuildProjects, collectFunctions, collectStacks } from '../../src/collect/runs-as.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { ACCT, addUser, doc, emptySnapshot, key } from '../helpers/builder.js';

const lambdaMock = mockClient(LambdaClient);
const cfnMock = mockClient(CloudFormationClient);
const codebuildMock = mockClient(CodeBuildClient);
afterEach(() => {
  lambdaMock.reset();
  cfnMock.reset();
  codebuildMock.reset();
});
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
    const r = await collectFunctions(clients(), 'eu-west-1', log);
    expect(lambdaMock.commandCalls(ListFunctionsCommand)).toHaveLength(2);
    expect(r.state === 'ok' && r.value.map((f) => [f.name, f.roleArn?.split('/').pop()])).toEqual([
      ['nightly', 'fn-admin'],
      ['thumbnailer', 'fn-basic'],
    ]);
    expect(log.errors).toEqual([expect.objectContaining({ kind: 'invalid-data', service: 'lambda' })]);
  });

  it('reads stacks with their service role, and build projects in chunks of 100', async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          {
            StackName: 'net',
            StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/net/1',
            RoleARN: 'arn:aws:iam::111122223333:role/cfn-admin',
          },
        ] as never,
        NextToken: 't',
      })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/app/2' }] as never });
    const names = Array.from({ length: 150 }, (_, i) => `p${i}`);
    codebuildMock.on(ListProjectsCommand).resolves({ projects: names });
    codebuildMock.on(BatchGetProjectsCommand).callsFake((input: { names: string[] }) => ({
      projects: input.names.map((n) => ({
        name: n,
        arn: `arn:aws:codebuild:eu-west-1:111122223333:project/${n}`,
        serviceRole: 'arn:aws:iam::111122223333:role/build',
      })),
    }));
    const log = new ErrorLog();
    const stacks = await collectStacks(clients(), 'eu-west-1', log);
    expect(stacks.state === 'ok' && stacks.value.map((x) => [x.name, x.roleArn])).toEqual([
      ['net', 'arn:aws:iam::111122223333:role/cfn-admin'],
      ['app', undefined],
    ]);
    const projects = await collectBuildProjects(clients(), 'eu-west-1', log);
    expect(codebuildMock.commandCalls(BatchGetProjectsCommand).map((c) => c.args[0].input.names!.length)).toEqual([100, 50]);
    expect(projects.state === 'ok' && projects.value.length).toBe(150);
    expect(log.errors).toEqual([]);
  });

  it('a denied ListFunctions makes a function-code escalation "not assessed", naming the gap', async () => {
    lambdaMock
      .on(ListFunctionsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const log = new ErrorLog();
    const functions = await collectFunctions(clients(), 'eu-west-1', log);
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
