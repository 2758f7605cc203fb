// S3 Express One Zone directory buckets: listed per region through the Regional endpoint, then
// each bucket's lifecycle configuration (FSBP S3.25 asks for one on every directory bucket).

import { GetBucketLifecycleConfigurationCommand, paginateListDirectoryBuckets } from '@aws-sdk/client-s3';
import { S3_EXPRESS_REGIONS } from '../model/regions.js';
import type { DirectoryBucket, Fetch } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';
import { lifecycleRuleOf } from './s3.js';
import { all } from './values.js';

/** "logs--use1-az4--x-s3" → "use1-az4": the zone id AWS puts in every directory bucket name. */
export function zoneIdOf(name: string): string | undefined {
  return /--([a-z0-9-]+?)--x-s3$/.exec(name)?.[1];
}

/**
 * The regions to ask: the scanned ones that offer directory buckets. Against an emulator
 * (--endpoint-url) every scanned region is asked, since no DNS name is involved.
 */
export function directoryBucketRegions(scanned: string[], emulated: boolean): string[] {
  return emulated ? scanned : scanned.filter((r) => S3_EXPRESS_REGIONS.includes(r));
}

export async function collectDirectoryBuckets(
  clients: AwsClients,
  regions: string[],
  accountId: string,
  partition: string,
  log: ErrorLog,
): Promise<Record<string, Fetch<DirectoryBucket[]>>> {
  const admit = clients.admission();
  const out: Record<string, Fetch<DirectoryBucket[]>> = {};
  await Promise.all(
    regions.map(async (region) => {
      const client = clients.s3express(region);
      const where = (operation: string) => ({ service: 's3express' as const, operation, region });
      const listed = await log.fetch(where('ListDirectoryBuckets'), async () =>
        (await all(paginateListDirectoryBuckets({ client, pageSize: 1000 }, {}), (p) => p.Buckets)).flatMap((b) =>
          b.Name ? [b.Name] : [],
        ),
      );
      if (listed.state !== 'ok') {
        out[region] = listed as Fetch<DirectoryBucket[]>;
        return;
      }
      const buckets = await Promise.all(
        listed.value.map((name) =>
          admit(async (): Promise<DirectoryBucket> => {
            const lifecycle = await log.fetch(
              { ...where('GetBucketLifecycleConfiguration'), resource: name },
              async () =>
                ((await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }))).Rules ?? []).map(lifecycleRuleOf),
              ['NoSuchLifecycleConfiguration'],
            );
            const zoneId = zoneIdOf(name);
            return {
              name,
              arn: `arn:${partition}:s3express:${region}:${accountId}:bucket/${name}`,
              region,
              ...(zoneId ? { zoneId } : {}),
              lifecycle,
            };
          }),
        ),
      );
      out[region] = { state: 'ok', value: buckets };
    }),
  );
  return out;
}
