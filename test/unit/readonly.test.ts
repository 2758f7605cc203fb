import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecurityGroupCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { BatchImportFindingsCommand, DeleteInsightCommand } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/collect/clients.js';
import {
  isAllowedOperation,
  isReadVerb,
  MutatingCallBlocked,
  NON_DESCRIBE_ALLOWED,
  READ_ONLY_OPERATIONS,
  SECURITY_HUB_SYNC_OPERATIONS,
} from '../../src/collect/readonly.js';
import { SecurityHubCallRefused, SecurityHubWriter } from '../../src/collect/securityhub.js';

describe('read-only guarantee', () => {
  it('the allow-list holds only reads (plus two named, non-mutating exceptions)', () => {
    for (const [svc, ops] of Object.entries(READ_ONLY_OPERATIONS)) {
      for (const op of ops) expect(isReadVerb(op) || NON_DESCRIBE_ALLOWED.has(`${svc}:${op}`), `${svc}:${op}`).toBe(true);
    }
  });

  it('every SDK command the collectors import is on the allow-list', () => {
    const dir = join(__dirname, '../../src/collect');
    const service: Record<string, string> = { 'ec2.ts': 'ec2', 's3.ts': 's3', 'iam.ts': 'iam', 'index.ts': 'sts', 'clients.ts': 'sts' };
    let seen = 0;
    for (const file of readdirSync(dir).filter((f) => service[f])) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const m of src.matchAll(/\b(?:paginate([A-Z]\w+)|([A-Z]\w+)Command)\b/g)) {
        const name = (m[1] ?? m[2])!;
        // s3.ts also calls S3 Control (account Block Public Access under an alias, access points).
        const S3_CONTROL: Record<string, string> = {
          GetAccountPublicAccessBlock: 'GetPublicAccessBlock',
          ListAccessPoints: 'ListAccessPoints',
          GetAccessPoint: 'GetAccessPoint',
          ListMultiRegionAccessPoints: 'ListMultiRegionAccessPoints',
        };
        const [svc, op] = file === 's3.ts' && S3_CONTROL[name] ? ['s3control', S3_CONTROL[name]!] : [service[file]!, name];
        expect(isAllowedOperation(svc, op), `${file}: ${svc}:${op}`).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(25);
  });

  it('a guarded client refuses a mutating call before anything leaves the process', async () => {
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 });
    const ec2 = c.ec2('us-east-1');
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x' }))).rejects.toBeInstanceOf(
      MutatingCallBlocked,
    );
    await expect(c.s3('us-east-1').send(new DeleteBucketPolicyCommand({ Bucket: 'b' }))).rejects.toThrow(/read-only/);
    expect(c.calls).toEqual([]);
    // A read passes the guard (and then fails on the closed port, which is fine here).
    await expect(ec2.send(new DescribeRegionsCommand({}))).rejects.not.toBeInstanceOf(MutatingCallBlocked);
    expect(c.calls).toEqual(['ec2:DescribeRegions']);
    c.destroy();
  });

  it('Security Hub writes live outside every scan: no scan client allows them, and the sync client allows only its three calls', async () => {
    for (const op of SECURITY_HUB_SYNC_OPERATIONS.securityhub!) expect(isAllowedOperation('securityhub', op)).toBe(false);
    expect(READ_ONLY_OPERATIONS.securityhub).toBeUndefined();
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 });
    // Even a Security Hub command pushed through a scan client is stopped by the scan's guard.
    const smuggled = new BatchImportFindingsCommand({ Findings: [] }) as unknown as Parameters<ReturnType<AwsClients['sts']>['send']>[0];
    await expect(c.sts().send(smuggled)).rejects.toBeInstanceOf(MutatingCallBlocked);
    expect(c.calls).toEqual([]);
    c.destroy();
    const writer = new SecurityHubWriter({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 });
    const hub = (writer as unknown as { hub: { send(c: unknown): Promise<unknown> } }).hub;
    await expect(
      hub.send(new DeleteInsightCommand({ InsightArn: 'arn:aws:securityhub:us-east-1:123456789012:insight/x' })),
    ).rejects.toBeInstanceOf(SecurityHubCallRefused);
    expect(writer.calls).toEqual([]);
    // Only the sync's module and the CLI command that lazy-loads it reach for the Security Hub SDK.
    const users = [
      ...listTs(join(__dirname, '../../src')),
      ...listTs(join(__dirname, '../../reports')),
      ...listTs(join(__dirname, '../../checks')),
    ].filter((f) => readFileSync(f, 'utf8').includes('@aws-sdk/client-securityhub'));
    expect(users.map((f) => f.replace(/^.*\/src\//, 'src/'))).toEqual(['src/collect/securityhub.ts']);
  });
});

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listTs(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}
