// What already runs as a role, per region: Lambda functions (their execution role), CloudFormation
// stacks (their service role) and CodeBuild projects (their service role). An escalation that
// replaces a function's code, updates a stack or starts a build with an overridden buildspec
// lands on that role. Tags are not read (one more call per resource), so resource-tag
// conditions on these stay undecided ("conditional").

import { paginateDescribeStacks } from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, paginateListProjects } from '@aws-sdk/client-codebuild';
import { paginateListFunctions } from '@aws-sdk/client-lambda';
import type { Fetch, RoleBound } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';

type Where = { service: 'lambda' | 'cloudformation' | 'codebuild'; operation: string; region: string };

/** Keeps the entries with a name and an ARN; logs the others as malformed data. */
function named(log: ErrorLog, where: Where, items: { name?: string; arn?: string; roleArn?: string }[]): RoleBound[] {
  const out: RoleBound[] = [];
  for (const i of items) {
    if (!i.name || !i.arn) log.invalid(where, 'entry without a name or ARN skipped');
    else out.push({ name: i.name, arn: i.arn, ...(i.roleArn ? { roleArn: i.roleArn } : {}) });
  }
  return out;
}

export function collectFunctions(clients: AwsClients, region: string, log: ErrorLog): Promise<Fetch<RoleBound[]>> {
  const where: Where = { service: 'lambda', operation: 'ListFunctions', region };
  return log.fetch(where, async () => {
    const raw: { name?: string; arn?: string; roleArn?: string }[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda(region), pageSize: 50 }, {}))
      for (const f of page.Functions ?? []) raw.push({ name: f.FunctionName, arn: f.FunctionArn, roleArn: f.Role });
    return named(log, where, raw);
  });
}

export function collectStacks(clients: AwsClients, region: string, log: ErrorLog): Promise<Fetch<RoleBound[]>> {
  const where: Where = { service: 'cloudformation', operation: 'DescribeStacks', region };
  return log.fetch(where, async () => {
    const raw: { name?: string; arn?: string; roleArn?: string }[] = [];
    for await (const page of paginateDescribeStacks({ client: clients.cloudformation(region) }, {}))
      for (const s of page.Stacks ?? []) raw.push({ name: s.StackName, arn: s.StackId, roleArn: s.RoleARN });
    return named(log, where, raw);
  });
}

export function collectBuildProjects(clients: AwsClients, region: string, log: ErrorLog): Promise<Fetch<RoleBound[]>> {
  const where: Where = { service: 'codebuild', operation: 'ListProjects', region };
  return log.fetch(where, async () => {
    const client = clients.codebuild(region);
    const names: string[] = [];
    for await (const page of paginateListProjects({ client }, {})) names.push(...(page.projects ?? []));
    const raw: { name?: string; arn?: string; roleArn?: string }[] = [];
    // BatchGetProjects takes up to 100 names.
    for (let i = 0; i < names.length; i += 100) {
      const got = await client.send(new BatchGetProjectsCommand({ names: names.slice(i, i + 100) }));
      for (const p of got.projects ?? []) raw.push({ name: p.name, arn: p.arn, roleArn: p.serviceRole });
    }
    return named(log, where, raw);
  });
}
