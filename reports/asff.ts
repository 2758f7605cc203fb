// AWS Security Finding Format (ASFF, schema 2018-10-08): one document per finding, as
// Security Hub's BatchImportFindings takes them. The same builder serves `--format asff` (from a
// report) and `incloud securityhub sync` (from the scan store), so both send identical
// documents. Field limits are AWS's documented ones; text is clipped to them.

import { controlsFailedBy } from '../src/model/failed-controls.js';
import { awsDocsFor } from '../src/model/aws-docs.js';
import type { ControlRef } from '../src/model/frameworks.js';
import type { Finding, Remediation, Report, Severity } from '../src/model/findings.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** BatchImportFindings takes at most 100 findings per call. */
export const ASFF_BATCH = 100;

const LABEL: Record<Severity, AsffFinding['Severity']['Label']> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

const REQUIREMENT_PREFIX: Record<string, string> = {
  'cis-aws-foundations': 'CIS AWS Foundations Benchmark',
  'aws-fsbp': 'AWS Foundational Security Best Practices',
};

export interface AsffFinding {
  SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  FirstObservedAt?: string;
  LastObservedAt: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL'; Original: string };
  FindingProviderFields: { Severity: { Label: AsffFinding['Severity']['Label']; Original: string }; Types: string[] };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url?: string } };
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  Compliance: { Status: 'FAILED' | 'PASSED' | 'WARNING'; RelatedRequirements?: string[] };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  Workflow?: { Status: 'NEW' | 'SUPPRESSED' };
}

/** What a finding needs to become an ASFF document, whether it comes from a report or the store. */
export interface AsffSource {
  fingerprint: string;
  checkId: string;
  title: string;
  message: string;
  severity: Severity;
  resourceArn: string;
  region: string;
  accountId: string;
  duties: string[];
  controls: ControlRef[];
  remediation: Remediation;
  docs?: string;
  priority?: number;
  firstSeen?: string;
  lastSeen: string;
  /** open: failing now; unknown: not re-assessed (kept active); resolved: archived; suppressed: accepted risk. */
  status: 'open' | 'unknown' | 'resolved' | 'suppressed';
}

/** The custom-integration product of an account in a region: where its own findings are imported. */
export const productArnOf = (partition: string, region: string, accountId: string): string =>
  `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;

export const asffIdOf = (fingerprint: string): string => `incloud/${fingerprint}`;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const partitionOf = (arn: string): string => /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';

const ARN_TYPES: [RegExp, string][] = [
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:security-group\//, 'AwsEc2SecurityGroup'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:instance\//, 'AwsEc2Instance'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:network-interface\//, 'AwsEc2NetworkInterface'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:vpc\//, 'AwsEc2Vpc'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:subnet\//, 'AwsEc2Subnet'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:network-acl\//, 'AwsEc2NetworkAcl'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:launch-template\//, 'AwsEc2LaunchTemplate'],
  [/^arn:[^:]+:s3:::[^/]+$/, 'AwsS3Bucket'],
  [/^arn:[^:]+:s3:[^:]*:[^:]*:accesspoint\//, 'AwsS3AccessPoint'],
  [/^arn:[^:]+:iam::[^:]*:role\//, 'AwsIamRole'],
  [/^arn:[^:]+:iam::[^:]*:user\//, 'AwsIamUser'],
  [/^arn:[^:]+:iam::[^:]*:group\//, 'AwsIamGroup'],
  [/^arn:[^:]+:iam::[^:]*:policy\//, 'AwsIamPolicy'],
  [/^arn:[^:]+:iam::[^:]*:root$/, 'AwsAccount'],
];

/** Security Hub's resource type for an ARN; "Other" where ASFF has no closer one. */
export function asffResourceType(arn: string): string {
  return ARN_TYPES.find(([pattern]) => pattern.test(arn))?.[1] ?? 'Other';
}

/** "CIS AWS Foundations Benchmark v7.0.0/5.1.1": a control as Security Hub's RelatedRequirements names it. */
export function relatedRequirement(ref: ControlRef): string {
  return clip(`${REQUIREMENT_PREFIX[ref.framework] ?? ref.framework} v${ref.version}/${ref.control}`, 256);
}

function typesOf(controls: ControlRef[]): string[] {
  const types = ['Software and Configuration Checks/AWS Security Best Practices'];
  if (controls.some((c) => c.framework === 'cis-aws-foundations'))
    types.push('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
  return types;
}

/** One finding as an ASFF document, imported into `productArn` at `now`. */
export function asffFinding(s: AsffSource, productArn: string, now: string): AsffFinding {
  const types = typesOf(s.controls);
  const severity = { Label: LABEL[s.severity], Original: s.severity };
  const requirements = [...new Set(s.controls.map(relatedRequirement))].slice(0, 32);
  const fix = [s.remediation.summary, s.remediation.cli ? `AWS CLI: ${s.remediation.cli}` : ''].filter(Boolean).join(' ');
  const productFields: Record<string, string> = {
    'incloud/fingerprint': s.fingerprint,
    'incloud/check': s.checkId,
    'incloud/status': s.status,
    'incloud/duties': clip(s.duties.join(','), 2048),
  };
  if (s.priority !== undefined) productFields['incloud/priority'] = String(s.priority);
  if (s.remediation.terraform) productFields['incloud/terraform'] = clip(s.remediation.terraform, 2048);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: clip(asffIdOf(s.fingerprint), 512),
    ProductArn: productArn,
    GeneratorId: clip(s.checkId, 512),
    AwsAccountId: s.accountId,
    Types: types,
    ...(s.firstSeen ? { FirstObservedAt: s.firstSeen } : {}),
    LastObservedAt: s.lastSeen,
    CreatedAt: s.firstSeen ?? s.lastSeen,
    UpdatedAt: now,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(s.title, 256),
    Description: clip(s.message || s.title, 1024),
    Remediation: { Recommendation: { Text: clip(fix, 512), ...(s.docs ? { Url: s.docs } : {}) } },
    ProductFields: productFields,
    Resources: [
      {
        Type: asffResourceType(s.resourceArn),
        Id: clip(s.resourceArn, 512),
        Partition: partitionOf(s.resourceArn),
        Region: s.region === 'global' ? 'us-east-1' : s.region,
      },
    ],
    Compliance: {
      Status: s.status === 'resolved' ? 'PASSED' : s.status === 'unknown' ? 'WARNING' : 'FAILED',
      ...(requirements.length ? { RelatedRequirements: requirements } : {}),
    },
    RecordState: s.status === 'resolved' ? 'ARCHIVED' : 'ACTIVE',
    ...(s.status === 'suppressed'
      ? { Workflow: { Status: 'SUPPRESSED' as const } }
      : s.status === 'open'
        ? { Workflow: { Status: 'NEW' as const } }
        : {}),
  };
}

/** A report finding as an ASFF source; `controls`: those it fails (default: its check's). */
export function sourceOfFinding(
  f: Finding,
  status: 'open' | 'suppressed',
  collectedAt: string,
  controls = f.refs.controls ?? [],
): AsffSource {
  const docs = awsDocsFor(f.checkId);
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    message: f.message,
    severity: f.severity,
    resourceArn: f.resource.arn,
    region: f.resource.region,
    accountId: f.resource.accountId,
    duties: f.duties,
    controls,
    remediation: f.remediation,
    ...(docs ? { docs } : {}),
    priority: f.priority,
    ...(f.history ? { firstSeen: f.history.firstSeen } : {}),
    lastSeen: collectedAt,
    status,
  };
}

/** `--format asff`: every open and suppressed finding of the report, for the account's home Region. */
export function renderAsff(report: Report, region = report.scan.regions[0] ?? 'us-east-1'): string {
  const account = report.scan.accountId;
  const partition = /^arn:([^:]+):/.exec(report.findings[0]?.resource.arn ?? '')?.[1] ?? 'aws';
  const product = productArnOf(partition, region, account);
  const now = report.generatedAt;
  const failed = controlsFailedBy(report);
  const doc = (f: Finding, status: 'open' | 'suppressed') =>
    asffFinding(sourceOfFinding(f, status, report.scan.collectedAt, failed ? (failed.get(f.fingerprint) ?? []) : undefined), product, now);
  const findings = [...report.findings.map((f) => doc(f, 'open')), ...report.suppressedFindings.map((f) => doc(f, 'suppressed'))];
  return `${JSON.stringify(findings, null, 2)}\n`;
}
