// Fills a fix's <placeholders> with the finding's own values (its evidence, its resource) or
// what the snapshot knows (an instance's subnet and network interfaces, a VPC's subnets, the
// account's MFA devices). A placeholder that stays open is named with what to choose and, when
// the snapshot has them, the candidates. Pure: the report, the HTML and the tickets all carry
// the same filled commands.

import type { Finding, Remediation, ResourceRef } from '../model/findings.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Context } from './context.js';

type Evidence = Record<string, unknown>;
/** What a lookup may consult beyond the finding: the snapshot, and the evaluation's instance index. */
type Sources = Pick<Context, 'snapshot' | 'instance'>;
type Lookup = (e: Evidence, r: ResourceRef, src: Sources) => string | undefined;

const PLACEHOLDER = /<([a-z][a-z0-9-]*)>/g;
const MAX_CANDIDATES = 8;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
const firstOf = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const onlyOf = (v: unknown): unknown => (Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v);
const lastSegment = (arn: unknown): string | undefined => text(arn)?.split(/[/:]/).pop();
const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Evidence)[key] : undefined);
const nameIf = (type: string) => (_e: Evidence, r: ResourceRef) => (r.type === type ? r.name.replace(/ \(.*\)$/, '') : undefined);

/** The instance behind a finding: named in the evidence, or the finding's own resource. */
const instanceOf = (e: Evidence, r: ResourceRef, src: Sources) =>
  r.region ? src.instance(r.region, text(e.instanceId) ?? instanceIdOf(r)) : undefined;

/** The account's users, groups, roles and policies, when they were read. */
const aadOf = (s: Snapshot) => (s.iam.authorizationDetails.state === 'ok' ? s.iam.authorizationDetails.value : undefined);

function subnetsOfVpc(s: Snapshot, region: string | undefined, vpcId: unknown): string[] {
  const r = region ? s.ec2[region] : undefined;
  return r?.subnets.state === 'ok' ? r.subnets.value.filter((x) => x.vpcId === vpcId).map((x) => x.id) : [];
}

/** The ENI of the instance behind a finding: named in the evidence, or the instance's only one. */
const eniOf: Lookup = (e, r, src) => text(e.networkInterfaceId) ?? text(onlyOf(instanceOf(e, r, src)?.networkInterfaceIds));

const instanceIdOf = (r: ResourceRef): string | undefined => (r.type === 'AWS::EC2::Instance' ? lastSegment(r.arn) : undefined);

/** The name in an IAM ARN of the given kind ("user", "role"), e.g. an inline policy's owner. */
const iamNameOf = (arn: unknown, kind: string): string | undefined => {
  const m = /:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(text(arn) ?? '');
  return m?.[1] === kind ? m[2] : undefined;
};

const userOf: Lookup = (e, r) =>
  text(e.user) ??
  lastSegment(field(e.principal, 'arn') ?? e.principal) ??
  iamNameOf(e.owner, 'user') ??
  text(onlyOf(e.consoleUsers)) ??
  nameIf('AWS::IAM::User')(e, r);

const roleOf: Lookup = (e, r) =>
  lastSegment(firstOf(e.role)) ?? lastSegment(e.roleArn) ?? iamNameOf(e.owner, 'role') ?? nameIf('AWS::IAM::Role')(e, r);

/** The value of each placeholder, from the finding (evidence first, then its resource) or the snapshot. */
const FILLERS: Record<string, Lookup> = {
  'sg-id': (e) => text(e.groupId),
  'default-sg-id': (e) => text(e.groupId),
  'eni-id': eniOf,
  'instance-id': (e, r) => text(e.instanceId) ?? instanceIdOf(r),
  'subnet-id': (e, r, src) => text(e.subnetId) ?? instanceOf(e, r, src)?.subnetId,
  'subnet-ids': (e, r, src) => subnetsOfVpc(src.snapshot, r.region, e.vpcId).join(' ') || undefined,
  'vpc-id': (e) => text(e.vpcId),
  'default-vpc-id': (e) => text(e.vpcId),
  'acl-id': (e) => text(e.networkAclId),
  'lt-id': (e) => text(e.launchTemplateId),
  n: (e) => text(e.version),
  port: (e) => text(field(firstOf(e.openToInternet), 'from')),
  from: (e) => text(field(firstOf(e.openToInternet), 'from')),
  to: (e) => text(field(firstOf(e.openToInternet), 'to')),
  bucket: (e) => text(e.bucket),
  user: userOf,
  role: roleOf,
  'role-name': roleOf,
  group: (e, r) => text(e.group) ?? nameIf('AWS::IAM::Group')(e, r),
  'policy-arn': (e, r) => text(e.policyArn) ?? text(onlyOf(e.attached)) ?? (r.type === 'AWS::IAM::ManagedPolicy' ? r.arn : undefined),
  'key-id': (e) => text(field(e.key, 'id')) ?? text(field(onlyOf(e.accessKeys), 'id')),
  'old-key-id': (e) => text(field(e.key, 'id')) ?? text(field(onlyOf(e.accessKeys), 'id')),
  'principal-arn': (e) => text(field(e.principal, 'arn') ?? e.principal),
  'vendor-account': (e) => text(onlyOf(e.accounts)),
  'device-arn': (e, r, src) => {
    const user = userOf(e, r, src);
    return user ? `arn:${r.arn.split(':')[1] ?? 'aws'}:iam::${r.accountId}:mfa/${user}` : undefined;
  },
  'owner-kind': (e) => /:(user|role|group)\//.exec(text(e.owner) ?? '')?.[1],
  'owner-name': (e) => lastSegment(e.owner),
  name: (e) => text(onlyOf(e.policies)) ?? text(field(onlyOf(e.policies), 'name')),
  region: (_e, r) => (r.region && r.region !== 'global' ? r.region : undefined),
  account: (_e, r) => r.accountId,
  'account-id': (_e, r) => r.accountId,
  arn: (_e, r) => r.arn,
};

export interface OpenPlaceholder {
  placeholder: string;
  /** What to put there, in words. */
  choose: string;
  /** Values the snapshot offers, when it has them. */
  candidates?: string[];
}

/** What each placeholder that the finding cannot decide asks of the user, and where candidates come from. */
const CHOICES: Record<string, { choose: string; candidates?: (e: Evidence, r: ResourceRef, s: Snapshot) => string[] }> = {
  'log-bucket': {
    choose: 'the bucket that receives the logs (not this one)',
    candidates: (e, _r, s) => {
      const names = s.s3.buckets.state === 'ok' ? s.s3.buckets.value.map((b) => b.name).filter((n) => n !== e.bucket) : [];
      const logs = names.filter((n) => /log/i.test(n));
      return logs.length ? logs : names;
    },
  },
  'restricted-sg-id': { choose: 'a security group that admits only the sources that need the port (create one if none fits)' },
  'key-arn': { choose: 'the ARN of the KMS key the bucket should use' },
  'boundary-policy-arn': { choose: 'the managed policy that caps what the principal may do' },
  'root-mfa-serial': {
    choose: "the root user's MFA device serial",
    candidates: (_e, _r, s) =>
      s.iam.virtualMfaDevices.state === 'ok'
        ? s.iam.virtualMfaDevices.value.filter((d) => /:root$/.test(d.userArn ?? '')).map((d) => d.serialNumber)
        : [],
  },
  group: {
    choose: 'the group that should carry these policies',
    candidates: (_e, _r, s) => aadOf(s)?.groups.map((g) => g.name) ?? [],
  },
  'dedicated-sg-id': { choose: 'a security group made for this workload (not the VPC default)' },
  'reviewed-sg-id': { choose: 'a security group whose rules you reviewed for this instance' },
  'profile-name': {
    choose: 'an instance profile whose role has only what the workload needs',
    candidates: (_e, _r, s) => [...new Set(aadOf(s)?.roles.flatMap((r) => r.instanceProfiles.map((p) => p.name)) ?? [])],
  },
  'hvm-ami-id': { choose: 'an HVM image (AMI) that replaces the paravirtual one' },
  'current-type': { choose: "the instance's type, or a current-generation one" },
  'new-name': { choose: 'a name for the replacement access point' },
  partner: { choose: "the partner's account id" },
  reader: { choose: "the partner's role that reads the bucket" },
  c1: { choose: 'the first code the MFA device shows' },
  c2: { choose: 'the next code the MFA device shows' },
  code: { choose: 'the current code of the root MFA device' },
};

const DEFAULT_CHOICE = (placeholder: string): string => `a value for ${placeholder}`;

/** The remediation with every placeholder the finding or the snapshot decides filled in, and what is left to choose. */
export function fillRemediation(remediation: Remediation, f: Pick<Finding, 'evidence' | 'resource'>, src: Sources): Remediation {
  const values = new Map<string, string | undefined>();
  const valueOf = (name: string): string | undefined => {
    if (!values.has(name)) {
      // Without a filler of its own, a placeholder takes the evidence value of the same name (attachment-id: attachmentId).
      const own = FILLERS[name] ?? ((e: Evidence) => text(e[name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())]));
      values.set(name, own(f.evidence, f.resource, src));
    }
    return values.get(name);
  };
  const fill = (t: string | undefined) => t?.replace(PLACEHOLDER, (whole, name: string) => valueOf(name) ?? whole);
  const cli = fill(remediation.cli);
  const terraform = fill(remediation.terraform);
  const open = [...new Set([...(cli ?? '').matchAll(PLACEHOLDER), ...(terraform ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  const choose: OpenPlaceholder[] = open.map((placeholder) => {
    const c = CHOICES[placeholder];
    const candidates = (c?.candidates?.(f.evidence, f.resource, src.snapshot) ?? []).slice(0, MAX_CANDIDATES);
    return { placeholder, choose: c?.choose ?? DEFAULT_CHOICE(placeholder), ...(candidates.length ? { candidates } : {}) };
  });
  return {
    summary: remediation.summary,
    ...(cli !== undefined ? { cli } : {}),
    ...(terraform !== undefined ? { terraform } : {}),
    ...(choose.length ? { choose } : {}),
  };
}
