// Small helpers shared by the check modules: result constructors and iteration that
// turns failed collection into "not assessed" results instead of silent passes.

import type {
  CheckContext,
  CheckDefinition,
  CheckResult,
  FailResult,
  FindingLink,
  NotAssessedResult,
  PassResult,
} from '../src/engine/check-api.js';
import type { RankContext, ResourceRef, Severity } from '../src/model/findings.js';
import { SEVERITIES } from '../src/model/findings.js';
import type { Bucket, CredentialReportRow, Ec2Region, Fetch, IamInventory, PublicAccessBlock, Snapshot } from '../src/model/snapshot.js';

export type OkOf<F> = F extends { state: 'ok'; value: infer T } ? T : never;

export const define = (d: CheckDefinition): CheckDefinition => d;

export function fail(
  resource: ResourceRef,
  message: string,
  evidence: Record<string, unknown>,
  opts: { severity?: Severity; exposure?: RankContext; discriminator?: string; chain?: boolean; links?: FindingLink[] } = {},
): FailResult {
  return { status: 'fail', resource, message, evidence, ...opts };
}
export const pass = (resource: ResourceRef, discriminator?: string): PassResult => ({
  status: 'pass',
  resource,
  ...(discriminator ? { discriminator } : {}),
});
export const notAssessed = (resource: ResourceRef, reason: string, discriminator?: string): NotAssessedResult => ({
  status: 'not_assessed',
  resource,
  reason,
  ...(discriminator ? { discriminator } : {}),
});

/** Why data a check needs is missing from a snapshot taken before incloud collected it. */
export const NOT_IN_SNAPSHOT = 'not in this snapshot (taken before incloud collected it): scan again';

export function fetchReason(f: Fetch<unknown> | undefined): string {
  if (!f) return NOT_IN_SNAPSHOT;
  if (f.state !== 'error') return 'data not collected';
  const e = f.error;
  const what = `${e.service}:${e.operation}${e.resource ? ` on ${e.resource}` : ''}`;
  if (e.kind === 'denied') return `${what} was denied (${e.code}): grant the scanner ${e.permission ?? 'read access'}`;
  if (e.kind === 'throttled') return `${what} was throttled past all retries (${e.code})`;
  if (e.kind === 'credentials')
    return `${what} failed: the scanner's credentials were refused (${e.code}), e.g. they expired during the scan`;
  if (e.kind === 'clock-skew')
    return `${what} failed: this machine's clock is too far from AWS's (${e.code}); sync it (NTP) and scan again`;
  if (e.kind === 'invalid-data') return `${what} returned malformed data: ${e.message}`;
  return `${what} failed (${e.code}): ${e.message}`;
}

/** Moves a severity by n steps (positive = more severe), clamped to the scale. */
export function shift(sev: Severity, n: number): Severity {
  const i = SEVERITIES.indexOf(sev) - n;
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, i))]!;
}

type RegionData<K extends keyof Ec2Region> = { [P in K]: OkOf<Ec2Region[P]> };

/** Runs fn per region with the requested data; a region whose data failed yields "not assessed". */
export function eachRegion<K extends keyof Ec2Region>(
  s: Snapshot,
  ctx: CheckContext,
  keys: K[],
  fn: (region: string, data: RegionData<K>) => CheckResult[],
): CheckResult[] {
  const out: CheckResult[] = [];
  if (s.regions.state === 'error')
    out.push(
      notAssessed(
        ctx.accountRef(),
        `${fetchReason(s.regions)}; only ${Object.keys(s.ec2).join(', ') || 'no'} region(s) scanned`,
        'regions',
      ),
    );
  for (const [region, r] of ctx.ec2Regions()) {
    const missing = keys.find((k) => r[k]?.state !== 'ok');
    if (missing) {
      out.push(notAssessed({ ...ctx.accountRef(), region }, fetchReason(r[missing] as Fetch<unknown> | undefined), region));
      continue;
    }
    const data = Object.fromEntries(keys.map((k) => [k, (r[k] as { value: unknown }).value])) as RegionData<K>;
    out.push(...fn(region, data));
  }
  return out;
}

/** Runs fn per bucket; buckets whose needed settings failed to load yield "not assessed". */
export function eachBucket(s: Snapshot, ctx: CheckContext, keys: (keyof Bucket)[], fn: (b: Bucket) => CheckResult[]): CheckResult[] {
  if (s.s3.buckets.state !== 'ok') return [notAssessed(ctx.accountRef(), fetchReason(s.s3.buckets), 's3-buckets')];
  const out: CheckResult[] = [];
  for (const b of s.s3.buckets.value) {
    const notInSnapshot = keys.find((k) => b[k] === undefined);
    const missing = keys.find((k) => (b[k] as Fetch<unknown> | undefined)?.state === 'error');
    if (notInSnapshot)
      out.push(notAssessed(ctx.bucketRef(b), `${notInSnapshot} was not collected in this snapshot (made by an older incloud)`));
    else if (missing) out.push(notAssessed(ctx.bucketRef(b), fetchReason(b[missing] as Fetch<unknown>)));
    else out.push(...fn(b));
  }
  return out;
}

/** Runs fn with IAM data; a failed fetch yields one account-level "not assessed". */
export function withIam<K extends keyof IamInventory>(
  s: Snapshot,
  ctx: CheckContext,
  keys: K[],
  fn: (data: { [P in K]-?: NonNullable<IamInventory[P]> }) => CheckResult[],
): CheckResult[] {
  const notInSnapshot = keys.find((k) => s.iam[k] === undefined);
  if (notInSnapshot)
    return [
      notAssessed(
        ctx.accountRef(),
        `${notInSnapshot} was not collected in this snapshot (made by an older incloud)`,
        `iam-${notInSnapshot}`,
      ),
    ];
  const missing = keys.find((k) => s.iam[k]!.state === 'error');
  if (missing) return [notAssessed(ctx.accountRef(), fetchReason(s.iam[missing]!), `iam-${missing}`)];
  return fn(Object.fromEntries(keys.map((k) => [k, s.iam[k]])) as { [P in K]-?: NonNullable<IamInventory[P]> });
}

/** Non-root rows of the credential report. */
export function reportUsers(rows: CredentialReportRow[]): CredentialReportRow[] {
  return rows.filter((r) => r.user !== '<root_account>');
}
export function rootRow(rows: CredentialReportRow[]): CredentialReportRow | undefined {
  return rows.find((r) => r.user === '<root_account>');
}

export interface EffectiveBpa {
  flags: PublicAccessBlock;
  accountKnown: boolean;
  sources: Record<keyof PublicAccessBlock, string[]>;
}

/** Account-level OR bucket-level BPA, flag by flag (the effective setting S3 applies). */
export function effectiveBpa(s: Snapshot, b: Bucket): EffectiveBpa {
  const acct = s.s3.accountPublicAccessBlock;
  const flags: PublicAccessBlock = {
    blockPublicAcls: false,
    ignorePublicAcls: false,
    blockPublicPolicy: false,
    restrictPublicBuckets: false,
  };
  const sources = {
    blockPublicAcls: [] as string[],
    ignorePublicAcls: [] as string[],
    blockPublicPolicy: [] as string[],
    restrictPublicBuckets: [] as string[],
  };
  for (const k of Object.keys(flags) as (keyof PublicAccessBlock)[]) {
    if (acct.state === 'ok' && acct.value[k]) {
      flags[k] = true;
      sources[k].push('account');
    }
    if (b.publicAccessBlock.state === 'ok' && b.publicAccessBlock.value[k]) {
      flags[k] = true;
      sources[k].push('bucket');
    }
  }
  return { flags, accountKnown: acct.state !== 'error', sources };
}

export const isIntentionallyPublic = (ctx: CheckContext, b: Bucket): boolean => ctx.config.intentionallyPublicBuckets.includes(b.name);

/**
 * Buckets that receive another bucket's server access logs (exempt from some checks). When a
 * bucket's logging setting could not be read, any bucket may be a log target the scan did not
 * see: `unknown` then says why, and a bucket that would fail only for not being one is not assessed.
 */
export interface LogTargets {
  names: ReadonlySet<string>;
  unknown?: string;
}

export function logTargetBuckets(s: Snapshot): LogTargets {
  const buckets = s.s3.buckets.state === 'ok' ? s.s3.buckets.value : [];
  const names = new Set(
    buckets.map((b) => (b.logging.state === 'ok' ? b.logging.value.targetBucket : undefined)).filter((x): x is string => Boolean(x)),
  );
  const unread = buckets.find((b) => b.logging.state === 'error');
  if (!unread) return { names };
  return { names, unknown: `whether another bucket logs into it is unknown (${unread.name}: ${fetchReason(unread.logging)})` };
}

/** "Not assessed" for a bucket that fails only because it is not a known log target, while the list may be short. */
export function unknownLogTarget(targets: LogTargets, ctx: CheckContext, b: Bucket): NotAssessedResult[] | undefined {
  return targets.unknown && !targets.names.has(b.name) ? [notAssessed(ctx.bucketRef(b), targets.unknown)] : undefined;
}

/**
 * A finding whose effect an organization guardrail removes: info, naming the policy, where it
 * is attached and the statement, so a reviewer sees why the raw grant is not reported.
 */
/** The sentence a finding adds when a guardrail takes away only part of what it reports (it keeps its severity). */
export const partlyCappedNote = (by: string | undefined): string =>
  by ? ` An organization guardrail takes away only part of it (${by}); everything else stays allowed.` : '';

export function blockedByGuardrail(resource: ResourceRef, what: string, by: string, evidence: Record<string, unknown>): FailResult {
  return fail(
    resource,
    `${what}, but an organization guardrail blocks it: ${by}.`,
    { ...evidence, blockedBy: by },
    {
      severity: 'info',
      exposure: { reach: 0, blast: 0, factors: [`blocked by ${by}`] },
    },
  );
}
