// Odd but valid account data, each planted in moto and scanned end to end: markup and unicode
// in names and tags, policy shapes AWS accepts (a single Statement object, Principal "*" as a
// string, NotPrincipal, ...IfExists operators, a policy near the size limit), ::/0 rules,
// prefix lists, a self-referencing group, bucket names with dots, and an empty account.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../scripts/seed.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { validateReport, errorsOf } from '../helpers/schemas.js';
import { runCli, scanArgs } from './cli.js';

const HOSTILE = '<script>alert("x")</script> ünïcødé 🚀 \u202e';
const has = (r: Report, check: string, name: string) => r.findings.some((f) => f.checkId === check && f.resource.name.startsWith(name));

async function scan(endpoint: string): Promise<{ code: number; report: Report; html: string; snapshot: string }> {
  const out = mkdtempSync(join(tmpdir(), 'incloud-odd-'));
  const res = await runCli([...scanArgs(endpoint, out), '--format', 'json,html', '-q']);
  return {
    code: res.code,
    report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report,
    html: readFileSync(join(out, 'report.html'), 'utf8'),
    snapshot: readFileSync(join(out, 'snapshot.json'), 'utf8'),
  };
}

describe.runIf(runE2e)('odd but valid account data (moto)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let r: Report;
  let html: string;
  let snapshot: string;

  beforeAll(async () => {
    moto = await startMoto();
    const { ec2, iam, s3 } = clients({ endpoint: moto.endpoint });
    const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const sg = async (name: string) =>
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: HOSTILE, VpcId: vpc }))).GroupId!;
    const ipv6 = await sg('ssh-ipv6-only');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: ipv6,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      }),
    );
    const self = await sg('self-ref');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: self,
        IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: self }] }],
      }),
    );
    const pl = await ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: 'office',
        AddressFamily: 'IPv4',
        MaxEntries: 3,
        Entries: [{ Cidr: '203.0.113.0/24' }],
      }),
    );
    const office = await sg('rdp-office-list');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: office,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, PrefixListIds: [{ PrefixListId: pl.PrefixList!.PrefixListId }] },
        ],
      }),
    );
    await ec2.send(new CreateTagsCommand({ Resources: [ipv6], Tags: [{ Key: 'Name', Value: HOSTILE }] }));

    await iam.send(new CreateUserCommand({ UserName: 'unicode-user' }));
    await iam.send(new TagUserCommand({ UserName: 'unicode-user', Tags: [{ Key: 'owner', Value: HOSTILE }] }));
    // A single Statement object (not a list) that makes the user admin.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'unicode-user',
        PolicyName: 'single-statement',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }),
      }),
    );
    // Principal "*" as a string in a role trust, guarded only by an ...IfExists condition: still public.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'trust-star-ifexists',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 'sts:AssumeRole',
              Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
            },
          ],
        }),
      }),
    );
    // A customer policy near the 6,144-character limit that grants admin in its last statement.
    const filler = Array.from({ length: 52 }, (_, i) => ({
      Sid: `Read${i}`,
      Effect: 'Allow',
      Action: [`logs:Describe${i}*`],
      Resource: `arn:aws:logs:*:*:log-group:team-${i}-*`,
    }));
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [...filler, { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(big.length).toBeGreaterThan(5000);
    expect(big.length).toBeLessThan(6144);
    const bigArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'near-limit', PolicyDocument: big }))).Policy!.Arn!;
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'big-policy-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'big-policy-role', PolicyArn: bigArn }));

    // Bucket names with dots; NotPrincipal Allow is public; a Deny with NotPrincipal is not an Allow.
    await s3.send(new CreateBucketCommand({ Bucket: 'www.example.com' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'www.example.com',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::www.example.com/*' },
        }),
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'data.internal.example' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'data.internal.example',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' },
              Action: 's3:*',
              Resource: ['arn:aws:s3:::data.internal.example', 'arn:aws:s3:::data.internal.example/*'],
            },
          ],
        }),
      }),
    );
    ec2.destroy();
    iam.destroy();
    s3.destroy();
    ({ report: r, html, snapshot } = await scan(moto.endpoint));
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it("the report is valid and complete apart from moto's missing root row", () => {
    expect(validateReport(r), errorsOf(validateReport)).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('finds SSH open over IPv6 only (::/0), not the self-referencing group or the office prefix list', () => {
    expect(has(r, 'ec2.sg-ssh-open-internet', 'ssh-ipv6-only')).toBe(true);
    expect(
      r.findings.filter((f) => f.resource.name.startsWith('self-ref') && f.checkId.startsWith('ec2.sg-') && /internet/.test(f.checkId)),
    ).toEqual([]);
    expect(has(r, 'ec2.sg-rdp-open-internet', 'rdp-office-list')).toBe(false);
  });

  it('reads a single Statement object, Principal "*" as a string, and IfExists as no guard', () => {
    expect(has(r, 'iam.policy-admin-inline', 'unicode-user')).toBe(true);
    expect(has(r, 'iam.role-trust-public', 'trust-star-ifexists')).toBe(true);
  });

  it('evaluates a policy near the size limit to its last statement', () => {
    expect(has(r, 'iam.policy-admin-customer-managed', 'near-limit')).toBe(true);
  });

  it('handles bucket names with dots and NotPrincipal', () => {
    expect(has(r, 's3.bucket-policy-public-read', 'www.example.com')).toBe(true);
    expect(has(r, 's3.bucket-policy-public-read', 'data.internal.example')).toBe(false);
    expect(has(r, 's3.bucket-policy-public-write', 'data.internal.example')).toBe(false);
  });

  it('keeps markup and unicode as text in the HTML report', () => {
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toContain('<script>alert');
    // Tags and descriptions keep every character through collection.
    expect(JSON.parse(snapshot).iam.authorizationDetails.value.users[0].tags.owner).toBe(HOSTILE);
  });
});

describe.runIf(runE2e)('an empty account (moto)', () => {
  it('scans without errors, finds only account-level gaps, and says what was assessed', async () => {
    const moto = await startMoto();
    try {
      const { code, report } = await scan(moto.endpoint);
      expect(report.errors).toEqual([]);
      expect([0, 3]).toContain(code);
      const types = [...new Set(report.findings.map((f) => f.resource.type))].sort();
      expect(
        types.filter(
          (t) => !['AWS::::Account', 'AWS::EC2::NetworkAcl', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet', 'AWS::EC2::VPC'].includes(t),
        ),
      ).toEqual([]);
      expect(report.checks.every((c) => c.failed + c.passed + c.notAssessed >= 0)).toBe(true);
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
