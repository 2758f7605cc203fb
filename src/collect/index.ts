import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Ec2Region, type Fetch, type Snapshot } from '../model/snapshot.js';
import { TOOL } from '../version.js';
import { AwsClients, type AwsOptions } from './clients.js';
import { collectEc2Region, listRegions } from './ec2.js';
import { ErrorLog, toCollectError } from './errors.js';
import { collectIam } from './iam.js';
import { collectS3 } from './s3.js';

export interface CollectOptions extends AwsOptions {
  regions?: string[];
  concurrency?: number;
  onProgress?: (event: { phase: string; detail?: string }) => void;
}

export class ScanAbort extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ScanAbort';
  }
}

/** Collects the whole inventory. Only the caller's identity is required; every other failure is recorded. */
export async function collect(options: CollectOptions, clients = new AwsClients(options)): Promise<{ snapshot: Snapshot; calls: string[] }> {
  const log = new ErrorLog();
  const limit = pLimit(options.concurrency ?? 8);
  const progress = options.onProgress ?? (() => {});
  try {
    progress({ phase: 'identity' });
    let identity;
    try {
      identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    } catch (err) {
      const e = toCollectError(err, { service: 'sts', operation: 'GetCallerIdentity' });
      throw new ScanAbort(`cannot determine the AWS account (${e.code}: ${e.message}). Check credentials, --profile or --role-arn.`, e.code);
    }
    const accountId = identity.Account ?? '';
    const principalArn = identity.Arn;
    const partition = principalArn?.split(':')[1] || 'aws';
    if (!/^\d{12}$/.test(accountId)) throw new ScanAbort(`GetCallerIdentity returned an invalid account id "${accountId}"`, 'InvalidData');

    progress({ phase: 'regions' });
    let regions: Fetch<string[]>;
    if (options.regions?.length) regions = { state: 'ok', value: [...options.regions] };
    else regions = await listRegions(clients, log);
    const regionList = regions.state === 'ok' ? regions.value : [options.homeRegion];

    const iamP = (async () => { progress({ phase: 'iam' }); return collectIam(clients, log, limit); })();
    const s3P = (async () => { progress({ phase: 's3' }); return collectS3(clients, accountId, partition, log, limit); })();
    const ec2: Record<string, Ec2Region> = {};
    await Promise.all(regionList.map(async (region) => {
      ec2[region] = await collectEc2Region(clients, region, log, limit);
      progress({ phase: 'ec2', detail: region });
    }));
    const [iam, s3] = await Promise.all([iamP, s3P]);

    const snapshot: Snapshot = {
      format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, tool: TOOL, collectedAt: new Date().toISOString(),
      source: options.endpointUrl ? 'endpoint' : 'aws',
      account: { id: accountId, partition, ...(principalArn ? { principalArn } : {}) },
      regions, ec2: Object.fromEntries(Object.entries(ec2).sort(([a], [b]) => a.localeCompare(b))), s3, iam, errors: log.errors,
    };
    return { snapshot, calls: clients.calls };
  } finally {
    clients.destroy();
  }
}
