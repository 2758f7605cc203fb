// The effective-access graph, one table row per edge kind, each with the blocked twin that a
// single missing piece makes safe: an inbound rule, a NACL entry, a hijack target, a settable
// tag, an older policy version, a Deny on the bucket. Chains are asserted through the findings
// the user reads (one finding, every hop named with what allows it) and their rank.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/model/findings.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  ACCT,
  addBucket,
  addInstance,
  addPolicy,
  addRole,
  addSg,
  addUser,
  ADMIN_ARN,
  bucket,
  doc,
  emptySnapshot,
  key,
  ok,
  REGION,
  region,
  world,
} from '../helpers/builder.js';

const arn = (kind: string, name: string) => `arn:aws:iam::${ACCT}:${kind}/${name}`;
const admin = [{ name: 'AdministratorAccess', arn: ADMIN_ARN }];
const allow = (Action: string | string[], Resource: string | string[], Condition?: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const withKey = { accessKeys: [key(true), key(false)] };
const inline = (...statements: unknown[]) => [{ name: 'p', document: doc(...statements) }];

function findingOn(s: Snapshot, checkId: string, name: string): Finding | undefined {
  return evaluate(s, CHECKS).findings.find((f) => f.checkId === checkId && (f.resource.name ?? '').startsWith(name));
}
const hopsOf = (f: Finding | undefined) => (f?.evidence.hops ?? []) as { from: string; to: string; action: string; allowedBy: string[] }[];

/** An instance whose role is admin, in a public subnet: what the network rows vary. */
function adminHost(s: Snapshot, groups: string[], over: Parameters<typeof addInstance>[3] = {}) {
  addRole(s, 'host-admin', { attached: admin, instanceProfiles: [{ name: 'host-admin', arn: arn('instance-profile', 'host-admin') }] });
  addInstance(s, 'i-host', groups, { instanceProfileArn: arn('instance-profile', 'host-admin'), ...over });
}
const nacl = (entries: { ruleNumber: number; action: 'allow' | 'deny'; protocol: string; fromPort?: number; toPort?: number }[]) => ({
  id: 'acl-1',
  vpcId: 'vpc-1',
  isDefault: true,
  subnetIds: ['subnet-pub'],
  entries: entries.map((e) => ({ ...e, egress: false, cidr: '0.0.0.0/0' })),
});

describe('network entry: address, route, inbound rule and NACL must all let traffic in', () => {
  it.each([
    ['SSH open, no NACL', (s: Snapshot) => adminHost(s, ['sg-ssh']), true],
    ['no inbound rule at all', (s: Snapshot) => adminHost(s, ['sg-closed']), false],
    ['inbound rule only from a private range', (s: Snapshot) => adminHost(s, ['sg-internal']), false],
    [
      'the NACL refuses the only open port',
      (s: Snapshot) => {
        adminHost(s, ['sg-ssh']);
        region(s).networkAcls = ok([
          nacl([
            { ruleNumber: 50, action: 'deny', protocol: '6', fromPort: 22, toPort: 22 },
            { ruleNumber: 100, action: 'allow', protocol: '-1' },
          ]),
        ]);
      },
      false,
    ],
    [
      'the NACL lets the port in',
      (s: Snapshot) => {
        adminHost(s, ['sg-ssh']);
        region(s).networkAcls = ok([nacl([{ ruleNumber: 100, action: 'allow', protocol: '-1' }])]);
      },
      true,
    ],
    ['no public address', (s: Snapshot) => adminHost(s, ['sg-ssh'], { publicIp: undefined }), false],
  ])('%s', (_name, build, reachable) => {
    const s = emptySnapshot();
    addSg(s, 'sg-ssh', [world(22)]);
    addSg(s, 'sg-closed', []);
    addSg(s, 'sg-internal', [{ ...world(22), ipv4: [{ cidr: '10.0.0.0/8' }] }]);
    build(s);
    if (s.ec2[REGION]!.instances.state === 'ok' && !s.ec2[REGION]!.instances.value[0]!.publicIp)
      (region(s).networkInterfaces as { value: { publicIp?: string }[] }).value[0]!.publicIp = undefined;
    const path = findingOn(s, 'ec2.attack-path-internet-to-role', 'i-host');
    expect(Boolean(path)).toBe(reachable);
    const privileged = findingOn(s, 'ec2.instance-profile-privileged', 'i-host')!;
    expect(privileged.evidence.reachable).toBe(reachable);
    if (reachable) expect(hopsOf(path)[0]!.allowedBy.join(' ')).toMatch(/security group sg-ssh .*from the whole Internet/);
  });
});

describe('hops through compute that already runs as a role', () => {
  const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCT}:function:${name}`;
  function withFunction(s: Snapshot, role: 'fn-admin' | 'fn-basic') {
    addRole(s, 'fn-admin', { attached: admin });
    addRole(s, 'fn-basic', {});
    s.functions = { [REGION]: ok([{ name: 'nightly', arn: fn('nightly'), roleArn: arn('role', role) }]) };
  }
  const deployer = (s: Snapshot, resource = fn('nightly')) =>
    addUser(s, 'deployer', { inline: inline(allow('lambda:UpdateFunctionCode', resource)) }, withKey);

  it('replacing the code of a function that runs as admin is a chain that names the function, its role and the statement', () => {
    const s = emptySnapshot();
    withFunction(s, 'fn-admin');
    deployer(s);
    const f = findingOn(s, 'iam.principal-reaches-admin', 'deployer')!;
    expect(f.severity).toBe('critical');
    expect(hopsOf(f)).toEqual([
      expect.objectContaining({ to: 'nightly -> fn-admin (admin)', allowedBy: ['deployer:inline/p, statement 0'] }),
    ]);
    expect(f.priority).toBe(1);
  });

  it.each([
    ['the function runs as a harmless role', (s: Snapshot) => (withFunction(s, 'fn-basic'), deployer(s))],
    ['the grant names a function that does not exist', (s: Snapshot) => (withFunction(s, 'fn-admin'), deployer(s, fn('retired-*')))],
  ])('blocked twin: %s', (_name, build) => {
    const s = emptySnapshot();
    build(s);
    expect(findingOn(s, 'iam.principal-reaches-admin', 'deployer')).toBeUndefined();
    expect(findingOn(s, 'iam.principal-privilege-escalation', 'deployer')).toBeUndefined();
  });

  it('the same grant on every function: a chain with a target, "no target today" (low) without one, not assessed without the inventory', () => {
    const anyFn = (s: Snapshot) => deployer(s, `arn:aws:lambda:*:${ACCT}:function:*`);
    const s = emptySnapshot();
    withFunction(s, 'fn-admin');
    anyFn(s);
    expect(findingOn(s, 'iam.principal-reaches-admin', 'deployer')?.severity).toBe('critical');
    expect(findingOn(s, 'iam.principal-privilege-escalation', 'deployer')).toBeUndefined();

    const none = emptySnapshot();
    none.functions = { [REGION]: ok([]) };
    anyFn(none);
    const potential = findingOn(none, 'iam.principal-privilege-escalation', 'deployer')!;
    expect(potential.severity).toBe('low');
    expect(potential.message).toMatch(/potential, no target today/);

    const unread = emptySnapshot();
    anyFn(unread);
    const report = evaluate(unread, CHECKS);
    expect(
      report.findings.find((f) => f.resource.name === 'deployer' && f.checkId === 'iam.principal-privilege-escalation'),
    ).toBeUndefined();
    expect(report.notAssessed.find((n) => n.checkId === 'iam.principal-privilege-escalation')?.reason).toMatch(
      /this snapshot has no inventory of Lambda functions/,
    );
  });

  it.each([
    ['update a stack that runs with an admin service role', 'stacks', 'cloudformation:UpdateStack', 'cloudformation', 'stack/net/1'],
    ['start a build in a project whose service role is admin', 'buildProjects', 'codebuild:StartBuild', 'codebuild', 'project/ci'],
  ] as const)(
    '%s: a chain through it; the same grant without such a target: low, no target today',
    (_name, section, action, service, resource) => {
      const target = `arn:aws:${service}:${REGION}:${ACCT}:${resource}`;
      const s = emptySnapshot();
      addRole(s, 'deploy-admin', { attached: admin });
      s[section] = { [REGION]: ok([{ name: resource.split('/')[1]!, arn: target, roleArn: arn('role', 'deploy-admin') }]) };
      addUser(s, 'dev', { inline: inline(allow(action, '*')) }, withKey);
      const f = findingOn(s, 'iam.principal-reaches-admin', 'dev')!;
      expect(hopsOf(f)[0]!.to).toBe(`${resource.split('/')[1]} -> deploy-admin (admin)`);
      expect(hopsOf(f)[0]!.action).toContain(`[${action}]`);
      const none = emptySnapshot();
      none[section] = { [REGION]: ok([]) };
      addUser(none, 'dev', { inline: inline(allow(action, '*')) }, withKey);
      expect(findingOn(none, 'iam.principal-privilege-escalation', 'dev')?.severity).toBe('low');
    },
  );

  function batchHost(s: Snapshot, tags: Record<string, string>) {
    addRole(s, 'batch-admin', {
      attached: admin,
      instanceProfiles: [{ name: 'batch-admin', arn: arn('instance-profile', 'batch-admin') }],
    });
    addInstance(s, 'i-batch', [], {
      instanceProfileArn: arn('instance-profile', 'batch-admin'),
      publicIp: undefined,
      tags: { Name: 'batch', ...tags },
    });
  }
  const instances = 'arn:aws:ec2:*:*:instance/*';
  const documents = 'arn:aws:ssm:*::document/*';
  const devOnly = { StringEquals: { 'ec2:ResourceTag/env': 'dev' } };

  it.each([
    ['SSM on every instance', [allow('ssm:SendCommand', [instances, documents])], { env: 'prod' }, true],
    [
      'SSM only on dev instances, the host is prod',
      [allow('ssm:SendCommand', instances, devOnly), allow('ssm:SendCommand', documents)],
      { env: 'prod' },
      false,
    ],
    [
      'SSM only on dev instances, the host is dev',
      [allow('ssm:SendCommand', instances, devOnly), allow('ssm:SendCommand', documents)],
      { env: 'dev' },
      true,
    ],
    [
      'SSM only on dev instances, and the caller may tag the prod host',
      [allow('ssm:SendCommand', instances, devOnly), allow('ssm:SendCommand', documents), allow('ec2:CreateTags', instances)],
      { env: 'prod' },
      true,
    ],
    ['SSM on instances but not on the shell document', [allow('ssm:SendCommand', instances)], { env: 'prod' }, false],
  ])('%s', (_name, statements, tags, chain) => {
    const s = emptySnapshot();
    batchHost(s, tags);
    addUser(s, 'operator', { inline: inline(...statements) }, withKey);
    const f = findingOn(s, 'iam.principal-reaches-admin', 'operator');
    expect(Boolean(f)).toBe(chain);
    if (f && statements.length === 3)
      expect(hopsOf(f)[0]!.action).toMatch(/^tag batch \(i-batch\) to meet the condition \(ec2:CreateTags\)/);
    // A look-alike never shows as a medium "potential" escalation either.
    if (!chain) expect(['low', undefined]).toContain(findingOn(s, 'iam.principal-privilege-escalation', 'operator')?.severity);
  });
});

describe('an older policy version is an escalation only when it grants more', () => {
  it.each([
    ['the old version is admin', { Effect: 'Allow', Action: '*', Resource: '*' }, true],
    ['the old version is as narrow as the current one', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }, false],
  ])('%s', (_name, old, chain) => {
    const s = emptySnapshot();
    const policyArn = arn('policy', 'own');
    addPolicy(s, 'own', doc(allow('iam:SetDefaultPolicyVersion', policyArn)), {
      versions: [{ versionId: 'v1', document: doc(old) }],
      defaultVersionId: 'v2',
    });
    addUser(s, 'ivan', { attached: [{ name: 'own', arn: policyArn }] }, withKey);
    const f = findingOn(s, 'iam.principal-reaches-admin', 'ivan');
    expect(Boolean(f)).toBe(chain);
    if (f) expect(hopsOf(f)[0]!.action).toMatch(/make version v1 of its own policy own the default/);
  });
});

describe('data hops land on a named bucket, and a Deny on the bucket blocks them', () => {
  function dataRole(s: Snapshot, bucketPolicy?: unknown) {
    addBucket(s, bucket('payroll', bucketPolicy ? { policy: ok(bucketPolicy) } : {}));
    addRole(s, 'data-role', {
      trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
      inline: inline(allow(['s3:GetObject', 's3:DeleteObject'], 'arn:aws:s3:::payroll/*')),
    });
    addUser(s, 'contractor', { inline: inline(allow('sts:AssumeRole', arn('role', 'data-role'))) }, withKey);
  }

  it('user -> role -> bucket is one finding naming both hops and the statements', () => {
    const s = emptySnapshot();
    dataRole(s);
    const f = findingOn(s, 'iam.principal-reaches-data', 'contractor')!;
    expect(f.severity).toBe('critical'); // deletes
    expect(hopsOf(f).map((h) => h.to)).toEqual(['data-role', 'bucket payroll']);
    expect(hopsOf(f)[1]!.allowedBy).toEqual(['delete: data-role:inline/p, statement 0', 'read: data-role:inline/p, statement 0']);
  });

  it.each([
    [
      'a bucket-policy Deny names the role',
      { Effect: 'Deny', Principal: { AWS: arn('role', 'data-role') }, Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' },
    ],
    ['a bucket-policy Deny on everyone', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' }],
  ])('blocked twin: %s', (_name, deny) => {
    const s = emptySnapshot();
    dataRole(s, doc(deny));
    expect(findingOn(s, 'iam.principal-reaches-data', 'contractor')).toBeUndefined();
  });

  it('a user without outside credentials is not an entry point', () => {
    const s = emptySnapshot();
    dataRole(s);
    s.iam.credentialReport = ok({ rows: [] });
    expect(findingOn(s, 'iam.principal-reaches-data', 'contractor')).toBeUndefined();
  });
});

describe('ranking by chain', () => {
  it('an Internet -> instance -> role -> bucket read outranks every single-factor critical, and its parts rank under the distinct problems', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-ssh', [world(22)]);
    addBucket(s, bucket('customer-data'));
    addRole(s, 'reader', {
      inline: inline(allow('s3:GetObject', 'arn:aws:s3:::customer-data/*')),
      instanceProfiles: [{ name: 'reader', arn: arn('instance-profile', 'reader') }],
    });
    addInstance(s, 'i-web', ['sg-ssh'], { instanceProfileArn: arn('instance-profile', 'reader') });
    addUser(s, 'legacy', { attached: admin }, { passwordEnabled: true, mfaActive: false }); // single-factor criticals
    const r = evaluate(s, CHECKS);
    const chain = r.findings[0]!;
    expect(chain.checkId).toBe('ec2.attack-path-internet-to-role');
    expect(chain.severity).toBe('high');
    expect(chain.message).toMatch(/reader can read objects in customer-data/);
    expect(hopsOf(chain).map((h) => h.to.split(' ')[0])).toEqual(['i-web', 'reader', 'bucket']);
    const criticals = r.findings.filter((f) => f.severity === 'critical' && !f.partOf);
    expect(criticals.length).toBeGreaterThan(0);
    for (const c of criticals) expect(c.priority).toBeGreaterThan(chain.priority);
    const parts = r.findings.filter((f) => f.partOf?.includes(chain.fingerprint));
    expect(parts.map((p) => p.checkId).sort()).toEqual(
      ['ec2.eni-internet-exposed', 'ec2.instance-public-ip', 'ec2.sg-ssh-open-internet'].sort(),
    );
    const lastDistinct = Math.max(...r.findings.filter((f) => !f.partOf).map((f) => f.priority));
    for (const p of parts) expect(p.priority).toBeGreaterThan(lastDistinct);
  });
});

describe('a conditional escalation may end a chain, shown with its condition', () => {
  const fromOffice = { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };
  function chainTo(s: Snapshot, escalatorPolicy: unknown[]) {
    addRole(s, 'ops', {
      trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
      inline: inline(...escalatorPolicy),
    });
    addUser(s, 'dev', { inline: inline(allow('sts:AssumeRole', arn('role', 'ops'))) }, withKey);
  }

  it('user -> role whose escalation holds only from the office: one medium chain that names the condition', () => {
    const s = emptySnapshot();
    chainTo(s, [allow('iam:CreatePolicyVersion', '*', fromOffice)]);
    const f = findingOn(s, 'iam.principal-reaches-admin', 'dev')!;
    expect(f.severity).toBe('medium');
    const last = hopsOf(f).at(-1)!;
    expect(last.action).toMatch(/P01 \(iam:CreatePolicyVersion\)/);
    expect(last.allowedBy[0]).toMatch(/ops:inline\/p, statement 0 when \{"IpAddress":\{"aws:SourceIp":"203\.0\.113\.0\/24"\}\}/);
  });

  it('an unconditional way wins over a conditional one', () => {
    const s = emptySnapshot();
    chainTo(s, [allow('iam:CreatePolicyVersion', '*', fromOffice), allow('sts:AssumeRole', arn('role', 'admin'))]);
    addRole(s, 'admin', {
      trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: arn('role', 'ops') }, Action: 'sts:AssumeRole' }),
      attached: admin,
    });
    const f = findingOn(s, 'iam.principal-reaches-admin', 'dev')!;
    expect(f.severity).toBe('critical');
    expect(hopsOf(f).map((h) => h.to)).toEqual(['ops', 'admin (admin)']);
  });
});

describe('credential changes on a named user', () => {
  it.each([
    ['a new access key for the admin user', 'iam:CreateAccessKey', 'break-glass', true],
    ['a console password for the admin user', 'iam:CreateLoginProfile', 'break-glass', true],
    ['a new access key for a user without rights', 'iam:CreateAccessKey', 'intern', false],
  ])('%s', (_name, action, target, chain) => {
    const s = emptySnapshot();
    addUser(s, 'break-glass', { attached: admin }, null);
    addUser(s, 'intern', {}, null);
    addUser(s, 'helpdesk', { inline: inline(allow(action, arn('user', target))) }, withKey);
    const f = findingOn(s, 'iam.principal-reaches-admin', 'helpdesk');
    expect(Boolean(f)).toBe(chain);
    if (f) expect(hopsOf(f)[0]).toMatchObject({ to: 'break-glass (admin)', allowedBy: ['helpdesk:inline/p, statement 0'] });
  });
});

describe('changing another role is a way to admin only with a way to act as it', () => {
  it.each([
    ['attach a policy to any role, and assume the target', true],
    ['attach a policy to any role, no role to act as', false],
  ])('%s', (_name, canAssume) => {
    const s = emptySnapshot();
    const trust = canAssume ? doc({ Effect: 'Allow', Principal: { AWS: arn('user', 'dev') }, Action: 'sts:AssumeRole' }) : doc();
    addRole(s, 'target', { trustPolicy: trust });
    addUser(s, 'dev', { inline: inline(allow('iam:AttachRolePolicy', '*')) }, withKey);
    const chain = findingOn(s, 'iam.principal-reaches-admin', 'dev');
    expect(Boolean(chain)).toBe(canAssume);
    if (chain) expect(hopsOf(chain)[0]!.action).toMatch(/^iam:AttachRolePolicy on target \(make it admin\), then assume target/);
    // The catalogue still says what it is on its own: a way to make others admin.
    expect(findingOn(s, 'iam.principal-privilege-escalation', 'dev')?.message).toMatch(/can make other principals admin/);
  });
});

describe('a grant scoped to one target by name never stands for all of them', () => {
  it('UpdateStack on the stack named "net" reaches its role, not the admin role of stack "app"', () => {
    const s = emptySnapshot();
    addRole(s, 'net-role', {});
    addRole(s, 'app-admin', { attached: admin });
    const stack = (name: string, role: string) => ({
      name,
      arn: `arn:aws:cloudformation:${REGION}:${ACCT}:stack/${name}/1`,
      roleArn: arn('role', role),
    });
    s.stacks = { [REGION]: ok([stack('net', 'net-role'), stack('app', 'app-admin')]) };
    addUser(s, 'dev', { inline: inline(allow('cloudformation:UpdateStack', `arn:aws:cloudformation:*:*:stack/net/*`)) }, withKey);
    expect(findingOn(s, 'iam.principal-reaches-admin', 'dev')).toBeUndefined();
    s.stacks = { [REGION]: ok([stack('net', 'app-admin')]) };
    expect(findingOn(s, 'iam.principal-reaches-admin', 'dev')?.severity).toBe('critical');
  });
});
