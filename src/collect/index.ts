import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Ec2Region, type Fetch, type RoleBound, type Snapshot } from '../model/snapshot.js';
import { TOOL } from '../version.js';
import { AwsClients, type AwsOptions } from './clients.js';
import { collectEc2Region, listRegions } from './ec2.js';
import { ErrorLog, ScanAbort, toCollectError } from './errors.js';
import { collectIam } from './iam.js';
import { collectBuildProjects, collectFunctions, collectStacks } from './runs-as.js';
import { collectS3 } from './s3.js';
import { collectDirectoryBuckets, directoryBucketRegions } from './s3-directory.js';
import { isNoAnswer, ScanStop } from './transport.js';

export interface CollectOptions extends AwsOptions {
  regions?: string[];
  onProgress?: (event: { phase: string; detail?: string; total?: number }) => void;
  /** Receives, once, a function that tells the live request and error counts. */
  onCounts?: (counts: () => { requests: number; errors: number }) => void;
  /** Called as soon as the account is known; throwing here stops the scan before any inventory call. */
  onIdentity?: (accountId: string) => void;
}

/** Why GetCallerIdentity failed, in words that point at the real cause. */
function identityFailure(err: unknown, options: AwsOptions): ScanAbort {
  const e = toCollectError(err, { service: 'sts', operation: 'GetCallerIdentity' });
  const where = options.endpointUrl ?? 'AWS STS';
  if (err instanceof ScanStop) return new ScanAbort(`${err.message} while identifying the account (${where})`, err.code);
  if (isNoAnswer(err)) {
    const refused = (err as { code?: string }).code === 'ECONNREFUSED';
    return new ScanAbort(
      `${where} ${refused ? 'refused the connection' : 'did not answer'} (${e.code}); check the endpoint and network`,
      e.code,
    );
  }
  if (options.roleArn && e.kind === 'denied' && /AssumeRole/.test(e.message))
    return new ScanAbort(
      `cannot assume ${options.roleArn} (${e.code}: ${e.message.split('\n')[0]}); check that the role exists and trusts the scanner`,
      e.code,
    );
  if (e.kind === 'credentials')
    return new ScanAbort(`the AWS credentials were refused (${e.code}): ${e.message}. Check that they exist and have not expired.`, e.code);
  if (e.kind === 'clock-skew')
    return new ScanAbort(
      `AWS refused the request because this machine's clock is off (${e.code}); sync the clock (NTP) and try again`,
      e.code,
    );
  if (e.kind === 'error' && /credential|profile/i.test(e.message)) {
    const files = `${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'} or ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}`;
    const which = options.profile
      ? `profile "${options.profile}" gives no credentials (looked in ${files})`
      : 'no AWS credentials found (environment, profiles, SSO or instance role)';
    return new ScanAbort(`${which}: ${e.message.split('\n')[0]}`, e.code);
  }
  return new ScanAbort(
    `cannot determine the AWS account (${e.code}: ${e.message.split('\n')[0]}). Check credentials, --profile or --role-arn.`,
    e.code,
  );
}

/** Who the scanner's credentials are, in their own account; one ScanAbort when they do not work. */
export async function identifyCaller(
  options: AwsOptions,
  clients = new AwsClients(options),
): Promise<{ accountId: string; partition: string; arn?: string }> {
  try {
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    const accountId = identity.Account ?? '';
    if (!/^\d{12}$/.test(accountId)) throw new ScanAbort(`GetCallerIdentity returned an invalid account id "${accountId}"`, 'InvalidData');
    return { accountId, partition: identity.Arn?.split(':')[1] || 'aws', ...(identity.Arn ? { arn: identity.Arn } : {}) };
  } catch (err) {
    if (err instanceof ScanAbort) throw err;
    throw identityFailure(err, options);
  }
}

/** Collects the whole inventory. Only the caller's identity is required; every other failure is recorded. */
export async function collect(
  options: CollectOptions,
  clients = new AwsClients(options),
): Promise<{ snapshot: Snapshot; calls: string[] }> {
  const log = new ErrorLog();
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  options.onCounts?.(() => ({ requests: clients.transport.scheduler.stats.requests, errors: log.errors.length }));
  try {
    progress({ phase: 'identity' });
    let identity;
    try {
      identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    } catch (err) {
      throw identityFailure(err, options);
    }
    const accountId = identity.Account ?? '';
    const principalArn = identity.Arn;
    const partition = principalArn?.split(':')[1] || 'aws';
    if (!/^\d{12}$/.test(accountId)) throw new ScanAbort(`GetCallerIdentity returned an invalid account id "${accountId}"`, 'InvalidData');
    options.onIdentity?.(accountId);

    const { regions, skipped: regionsSkipped } = await listRegions(clients, log, options.regions);
    const regionList = regions.state === 'ok' ? regions.value : [options.homeRegion];
    progress({ phase: 'regions', total: regionList.length });

    // IAM, S3 and every region's EC2 run at once; the scheduler shares the calls among them.
    const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      progress({ phase: name });
      const out = await run();
      progress({ phase: `${name}:done` });
      return out;
    };
    const iamP = phase('iam', () => collectIam(clients, log));
    const s3P = phase('s3', () => collectS3(clients, accountId, partition, log));
    const directoryBucketsP = collectDirectoryBuckets(
      clients,
      directoryBucketRegions(regionList, Boolean(options.endpointUrl)),
      accountId,
      partition,
      log,
    );
    const ec2: Record<string, Ec2Region> = {};
    const runsAs: Record<'functions' | 'stacks' | 'buildProjects', Record<string, Fetch<RoleBound[]>>> = {
      functions: {},
      stacks: {},
      buildProjects: {},
    };
    await Promise.all(
      regionList.map(async (region) => {
        [ec2[region], runsAs.functions[region], runsAs.stacks[region], runsAs.buildProjects[region]] = await Promise.all([
          collectEc2Region(clients, region, log),
          collectFunctions(clients, region, log),
          collectStacks(clients, region, log),
          collectBuildProjects(clients, region, log),
        ]);
        progress({ phase: 'ec2', detail: region });
      }),
    );
    const byRegion = <T>(m: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));
    const [iam, s3Base, directoryBuckets] = await Promise.all([iamP, s3P, directoryBucketsP]);
    const s3 = { ...s3Base, directoryBuckets: byRegion(directoryBuckets) };

    const t = clients.transport;
    const snapshot: Snapshot = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      tool: TOOL,
      collectedAt: new Date().toISOString(),
      source: options.endpointUrl ? 'endpoint' : 'aws',
      account: { id: accountId, partition, ...(principalArn ? { principalArn } : {}) },
      regions,
      ec2: byRegion(ec2),
      functions: byRegion(runsAs.functions),
      stacks: byRegion(runsAs.stacks),
      buildProjects: byRegion(runsAs.buildProjects),
      s3,
      iam,
      errors: log.errors,
      skippedCalls: log.skipped,
      ...(regionsSkipped.length ? { regionsSkipped } : {}),
      collection: {
        durationMs: Math.round(performance.now() - started),
        concurrency: t.scheduler.limit,
        requests: t.scheduler.stats.requests,
        throttled: t.scheduler.stats.throttled,
        maxInFlight: t.scheduler.stats.maxInFlight,
        callsByOperation: Object.fromEntries(
          [...t.operations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([op, s]) => [op, s.calls]),
        ),
        ...(t.stopReason ? { stopped: t.stopReason.message } : {}),
      },
    };
    return { snapshot, calls: clients.calls };
  } finally {
    clients.destroy();
  }
}
