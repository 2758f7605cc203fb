import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type LifecycleRule as LifecycleRuleOutput,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import {
  GetAccessPointCommand,
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  ListMultiRegionAccessPointsCommand,
  paginateListAccessPoints,
} from '@aws-sdk/client-s3-control';
import type {
  AccessPoint,
  Bucket,
  BucketAcl,
  Fetch,
  LifecycleRule,
  MultiRegionAccessPoint,
  PublicAccessBlock,
  S3Inventory,
} from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';

export function normalizeBpa(c: PublicAccessBlockConfiguration | undefined): PublicAccessBlock {
  return {
    blockPublicAcls: c?.BlockPublicAcls === true,
    ignorePublicAcls: c?.IgnorePublicAcls === true,
    blockPublicPolicy: c?.BlockPublicPolicy === true,
    restrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

export function lifecycleRuleOf(rule: LifecycleRuleOutput): LifecycleRule {
  return {
    id: rule.ID,
    status: String(rule.Status ?? 'Disabled'),
    expiration: Boolean(rule.Expiration),
    transition: Boolean(rule.Transitions?.length),
    noncurrentExpiration: Boolean(rule.NoncurrentVersionExpiration),
    noncurrentTransition: Boolean(rule.NoncurrentVersionTransitions?.length),
  };
}

/** GetBucketLocation answers null for us-east-1 and "EU" for eu-west-1. */
export function locationToRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

export async function collectS3(clients: AwsClients, accountId: string, partition: string, log: ErrorLog): Promise<S3Inventory> {
  const home = clients.options.homeRegion;
  const admit = clients.admission();
  const accountPublicAccessBlock = log.fetch(
    { service: 's3control', operation: 'GetPublicAccessBlock', region: home },
    async () =>
      normalizeBpa(
        (await clients.s3control(home).send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId })))
          .PublicAccessBlockConfiguration,
      ),
    ['NoSuchPublicAccessBlockConfiguration'],
  );

  const listed = await log.fetch({ service: 's3', operation: 'ListBuckets', region: home }, () => listBuckets(clients));
  let buckets: Fetch<Bucket[]>;
  if (listed.state !== 'ok') buckets = listed as Fetch<Bucket[]>;
  else buckets = { state: 'ok', value: await Promise.all(listed.value.map((b) => admit(() => collectBucket(clients, b, partition, log)))) };

  const accessPoints =
    buckets.state === 'ok'
      ? await collectAccessPoints(
          clients,
          accountId,
          [...new Set(buckets.value.map((b) => (b.region.state === 'ok' ? b.region.value : home)))].sort(),
          log,
        )
      : (buckets as Fetch<AccessPoint[]>);
  // The Multi-Region Access Point control plane lives in us-west-2 (aws partition).
  const mrapRegion = partition === 'aws' ? 'us-west-2' : home;
  const multiRegionAccessPoints = await log.fetch(
    { service: 's3control', operation: 'ListMultiRegionAccessPoints', region: mrapRegion },
    async () => {
      const out: MultiRegionAccessPoint[] = [];
      let NextToken: string | undefined;
      do {
        const page = await clients.s3control(mrapRegion).send(new ListMultiRegionAccessPointsCommand({ AccountId: accountId, NextToken }));
        for (const m of page.AccessPoints ?? []) {
          if (!m.Name) continue;
          out.push({
            name: m.Name,
            alias: m.Alias,
            status: m.Status,
            buckets: (m.Regions ?? []).map((r) => r.Bucket).filter((b): b is string => Boolean(b)),
            ...(m.PublicAccessBlock ? { publicAccessBlock: normalizeBpa(m.PublicAccessBlock) } : {}),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return out;
    },
  );
  return { accountPublicAccessBlock: await accountPublicAccessBlock, buckets, accessPoints, multiRegionAccessPoints };
}

/** Access points live in their bucket's region; list them there and read each one's Block Public Access. */
async function collectAccessPoints(
  clients: AwsClients,
  AccountId: string,
  regions: string[],
  log: ErrorLog,
): Promise<Fetch<AccessPoint[]>> {
  const out: AccessPoint[] = [];
  for (const region of regions) {
    const listed = await log.fetch({ service: 's3control', operation: 'ListAccessPoints', region }, async () => {
      const aps: { name: string; arn?: string; bucket?: string; networkOrigin?: string }[] = [];
      for await (const page of paginateListAccessPoints({ client: clients.s3control(region) }, { AccountId })) {
        for (const a of page.AccessPointList ?? [])
          if (a.Name) aps.push({ name: a.Name, arn: a.AccessPointArn, bucket: a.Bucket, networkOrigin: a.NetworkOrigin });
      }
      return aps;
    });
    if (listed.state !== 'ok') return listed as Fetch<AccessPoint[]>;
    const admit = clients.admission();
    out.push(
      ...(await Promise.all(
        listed.value.map((a) =>
          admit(async (): Promise<AccessPoint> => ({
            ...a,
            region,
            publicAccessBlock: await log.fetch({ service: 's3control', operation: 'GetAccessPoint', region, resource: a.name }, async () =>
              normalizeBpa(
                (await clients.s3control(region).send(new GetAccessPointCommand({ AccountId, Name: a.name })))
                  .PublicAccessBlockConfiguration,
              ),
            ),
          })),
        ),
      )),
    );
  }
  return { state: 'ok', value: out };
}

/** ListBuckets without a page size answers up to this many buckets, then pages. */
const UNPAGED_CAP = 10_000;

/**
 * Lists buckets without a page size (moto 5.2 drops the continuation token when one is
 * given) and follows tokens. A page that hits the cap without a token may be cut off:
 * that is an error, never the end of the list.
 */
async function listBuckets(clients: AwsClients): Promise<ListedBucket[]> {
  const out: ListedBucket[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await clients.s3(clients.options.homeRegion).send(new ListBucketsCommand({ ContinuationToken }));
    const items = page.Buckets ?? [];
    for (const b of items) {
      if (!b.Name) continue;
      out.push({
        name: b.Name,
        region: b.BucketRegion || undefined,
        createdAt: b.CreationDate ? new Date(b.CreationDate).toISOString() : undefined,
      });
    }
    ContinuationToken = page.ContinuationToken || undefined;
    if (!ContinuationToken && items.length >= UNPAGED_CAP) {
      throw Object.assign(
        new Error(`ListBuckets returned a full page of ${items.length} buckets without a continuation token: the list may be cut off`),
        { name: 'IncompleteListing' },
      );
    }
  } while (ContinuationToken);
  return out;
}

interface ListedBucket {
  name: string;
  region?: string;
  createdAt?: string;
}

async function collectBucket(
  clients: AwsClients,
  listed: { name: string; region?: string; createdAt?: string },
  partition: string,
  log: ErrorLog,
): Promise<Bucket> {
  const Bucket = listed.name;
  const where = (operation: string, region?: string) => ({ service: 's3' as const, operation, region, resource: Bucket });
  const region: Fetch<string> = listed.region
    ? { state: 'ok', value: listed.region }
    : await log.fetch(where('GetBucketLocation', clients.options.homeRegion), async () =>
        locationToRegion((await clients.s3(clients.options.homeRegion).send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint),
      );
  // Per-bucket calls go to the bucket's own region; if it is unknown, the client follows redirects.
  const r = region.state === 'ok' ? region.value : clients.options.homeRegion;
  const s3 = clients.s3(r);

  const policy = log.fetch(
    where('GetBucketPolicy', r),
    async (): Promise<unknown> => {
      const text = (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy;
      if (!text) throw Object.assign(new Error('GetBucketPolicy answered with an empty policy'), { name: 'InvalidPolicyDocument' });
      try {
        return JSON.parse(text);
      } catch {
        throw Object.assign(new Error(`bucket policy is not valid JSON (${text.length} bytes)`), { name: 'InvalidPolicyDocument' });
      }
    },
    ['NoSuchBucketPolicy'],
  );
  // Calls whose answer an earlier one decides are skipped and counted (see ErrorLog.skip).
  const policyStatus = policy.then((p): Promise<Fetch<{ isPublic: boolean }>> | Fetch<{ isPublic: boolean }> => {
    if (p.state === 'absent') {
      log.skip('s3:GetBucketPolicyStatus', 'bucket has no policy');
      return { state: 'absent', code: 'NoSuchBucketPolicy' };
    }
    return log.fetch(
      where('GetBucketPolicyStatus', r),
      async () => ({ isPublic: (await s3.send(new GetBucketPolicyStatusCommand({ Bucket }))).PolicyStatus?.IsPublic === true }),
      ['NoSuchBucketPolicy'],
    );
  });
  const publicAccessBlock = log.fetch(
    where('GetPublicAccessBlock', r),
    async () => normalizeBpa((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  const ownership = log.fetch(
    where('GetBucketOwnershipControls', r),
    async () => {
      const rule = (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0];
      return String(rule?.ObjectOwnership ?? 'ObjectWriter');
    },
    ['OwnershipControlsNotFoundError'],
  );
  const acl = ownership.then((o): Promise<Fetch<BucketAcl>> | Fetch<BucketAcl> => {
    if (o.state === 'ok' && o.value === 'BucketOwnerEnforced') {
      log.skip('s3:GetBucketAcl', 'ACLs disabled (BucketOwnerEnforced)');
      return {
        state: 'ok',
        value: { grants: [], implied: 'ACLs are disabled (BucketOwnerEnforced): S3 ignores the bucket ACL and keeps it owner-only' },
      };
    }
    return log.fetch(where('GetBucketAcl', r), async () => {
      const out = await s3.send(new GetBucketAclCommand({ Bucket }));
      return {
        ownerId: out.Owner?.ID,
        grants: (out.Grants ?? []).map((g) => ({
          granteeType: String(g.Grantee?.Type ?? 'Unknown'),
          id: g.Grantee?.ID,
          uri: g.Grantee?.URI,
          displayName: g.Grantee?.DisplayName,
          permission: String(g.Permission ?? 'UNKNOWN'),
        })),
      };
    });
  });
  const encryption = log.fetch(
    where('GetBucketEncryption', r),
    async () =>
      ((await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) => ({
        algorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
        kmsKeyId: rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
        bucketKeyEnabled: rule.BucketKeyEnabled,
        blockedEncryptionTypes: rule.BlockedEncryptionTypes?.EncryptionType?.map(String),
      })),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
  const versioning = log.fetch(where('GetBucketVersioning', r), async () => {
    const out = await s3.send(new GetBucketVersioningCommand({ Bucket }));
    return { status: out.Status, mfaDelete: out.MFADelete };
  });
  const logging = log.fetch(where('GetBucketLogging', r), async () => {
    const le = (await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled;
    return { targetBucket: le?.TargetBucket, targetPrefix: le?.TargetPrefix };
  });
  // Object Lock and replication both need versioning: a bucket never versioned has neither.
  const neverVersioned = versioning.then((v) => v.state === 'ok' && !v.value.status);
  const unlessNeverVersioned = async <T>(operation: string, read: () => Promise<Fetch<T>>): Promise<Fetch<T>> => {
    if (!(await neverVersioned)) return read();
    log.skip(operation, 'versioning never enabled');
    return { state: 'absent', code: 'VersioningNeverEnabled' };
  };
  const readObjectLock = () =>
    log.fetch(
      where('GetObjectLockConfiguration', r),
      async () => {
        const c = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration;
        const d = c?.Rule?.DefaultRetention;
        return { enabled: c?.ObjectLockEnabled === 'Enabled', mode: d?.Mode, days: d?.Days, years: d?.Years };
      },
      ['ObjectLockConfigurationNotFoundError'],
    );
  const objectLock = unlessNeverVersioned('s3:GetObjectLockConfiguration', readObjectLock);
  const lifecycle = log.fetch(
    where('GetBucketLifecycleConfiguration', r),
    async () => ((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? []).map(lifecycleRuleOf),
    ['NoSuchLifecycleConfiguration'],
  );
  const readReplication = () =>
    log.fetch(
      where('GetBucketReplication', r),
      async () =>
        ((await s3.send(new GetBucketReplicationCommand({ Bucket }))).ReplicationConfiguration?.Rules ?? []).map((rule) => ({
          id: rule.ID,
          status: String(rule.Status ?? 'Disabled'),
          destinationBucket: rule.Destination?.Bucket,
          destinationAccount: rule.Destination?.Account,
        })),
      ['ReplicationConfigurationNotFoundError'],
    );
  const replication = unlessNeverVersioned('s3:GetBucketReplication', readReplication);

  return {
    name: Bucket,
    arn: `arn:${partition}:s3:::${Bucket}`,
    region,
    createdAt: listed.createdAt,
    policy: await policy,
    policyStatus: await policyStatus,
    publicAccessBlock: await publicAccessBlock,
    acl: await acl,
    ownership: await ownership,
    encryption: await encryption,
    versioning: await versioning,
    logging: await logging,
    objectLock: await objectLock,
    lifecycle: await lifecycle,
    replication: await replication,
  };
}
