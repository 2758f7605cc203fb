// Region names by partition, as published by AWS up to late 2026. Used to reject a typo in
// --region / --regions before any call; the account's own DescribeRegions answer then decides
// which of them are enabled. A region AWS opens later needs a newer incloud.

export const PARTITION_REGIONS: Record<string, readonly string[]> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

export function partitionOf(region: string): string | undefined {
  return Object.keys(PARTITION_REGIONS).find((p) => PARTITION_REGIONS[p]!.includes(region));
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Undefined when every name is a known region of one partition; else what is wrong, in words. */
export function regionProblem(regions: string[]): string | undefined {
  const unknown = regions.filter((r) => !partitionOf(r));
  if (unknown.length) {
    const all = Object.values(PARTITION_REGIONS).flat();
    return unknown
      .map((r) => {
        const near = all.filter((k) => distance(r, k) <= 2);
        return `unknown region "${r}"${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}`;
      })
      .join('; ');
  }
  const partitions = [...new Set(regions.map(partitionOf))];
  if (partitions.length > 1)
    return `regions of different partitions (${partitions.join(', ')}) cannot be scanned with one set of credentials`;
  return undefined;
}

/**
 * Regions with S3 Express One Zone directory buckets (Availability Zones, and the parent regions
 * of the Local Zones that hold them), from AWS's list of directory-bucket endpoints. The
 * directory-bucket endpoint of any other region does not resolve, so it is not called there.
 */
export const S3_EXPRESS_REGIONS: readonly string[] = ['ap-northeast-1', 'ap-south-1', 'eu-north-1', 'us-east-1', 'us-east-2', 'us-west-2'];
