// Lambda functions of one region and the role each runs as: what an escalation that replaces a
// function's code or configuration lands on. Their tags are not read (one ListTags call per
// function), so resource-tag conditions on functions stay undecided ("conditional").

import { paginateListFunctions } from '@aws-sdk/client-lambda';
import type { Fetch, LambdaFunction } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';

export function collectLambdaRegion(clients: AwsClients, region: string, log: ErrorLog): Promise<Fetch<LambdaFunction[]>> {
  return log.fetch({ service: 'lambda', operation: 'ListFunctions', region }, async () => {
    const out: LambdaFunction[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda(region), pageSize: 50 }, {})) {
      for (const f of page.Functions ?? []) {
        if (!f.FunctionArn || !f.FunctionName) {
          log.invalid({ service: 'lambda', operation: 'ListFunctions', region }, 'function without a name or ARN skipped');
          continue;
        }
        out.push({ name: f.FunctionName, arn: f.FunctionArn, ...(f.Role ? { roleArn: f.Role } : {}) });
      }
    }
    return out;
  });
}
