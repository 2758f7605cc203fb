// Scans one account of an organization scan: today's single-account scan (same collection,
// checks and report) with the member role's credentials; a failure becomes an account that
// is "not assessed" with its reason, never a crash of the whole run.

import type { LimitFunction } from 'p-limit';
import { collect } from '../collect/index.js';
import { classify, ScanAbort } from '../collect/errors.js';
import type { CheckConfig } from '../model/check-config.js';
import type { Suppression } from '../engine/suppress.js';
import { assessAccount } from '../pipeline/assess-account.js';
import type { AccountResult, AccountTarget } from '../model/org-report.js';
import type { OrgFacts } from '../model/organization.js';
import { orgContextFor } from './org-context.js';

export interface AccountScanSettings {
  scanId: string;
  homeRegion: string;
  regions?: string[];
  profile?: string;
  endpointUrl?: string;
  externalId?: string;
  /** Requests in flight per account; the shared limit caps all accounts together. */
  concurrency: number;
  sharedLimit?: LimitFunction;
  requestTimeoutMs: number;
  deadline?: number;
  config: CheckConfig;
  suppressions: Suppression[];
  only?: string[];
  /** --frameworks: which compliance frameworks each account is judged against. */
  frameworks?: string;
  /** The organization as listed once: each account's guardrails and zone of trust are cut from it. */
  organization?: OrgFacts;
}

/** Failures to start an account's scan that may pass by themselves. */
const TRANSIENT = new Set([
  'EndpointUnresponsive',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'IncompleteResponse',
]);

/** AWS allows [\w+=,.@-]{2,64} in a role session name. */
export const sessionNameFor = (scanId: string): string => `incloud-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);

export async function scanAccount(target: AccountTarget, s: AccountScanSettings): Promise<AccountResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let collected;
  try {
    collected = await collect({
      profile: s.profile,
      endpointUrl: s.endpointUrl,
      homeRegion: s.homeRegion,
      regions: s.regions,
      concurrency: s.concurrency,
      sharedLimit: s.sharedLimit,
      requestTimeoutMs: s.requestTimeoutMs,
      deadline: s.deadline,
      ...(target.roleArn
        ? { roleArn: target.roleArn, roleSessionName: sessionNameFor(s.scanId), ...(s.externalId ? { externalId: s.externalId } : {}) }
        : {}),
      onIdentity: (accountId) => {
        if (accountId !== target.accountId)
          throw new ScanAbort(`the credentials act in account ${accountId}, not ${target.accountId}`, 'WrongAccount');
      },
    });
  } catch (err) {
    const via = target.roleArn ? ` (role ${target.roleArn})` : ' (the scanner credentials)';
    const why = err instanceof ScanAbort ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    const retryable = !(err instanceof ScanAbort) || TRANSIENT.has(err.code) || classify({ name: err.code }) === 'throttled';
    return {
      target,
      status: 'not-assessed',
      reason: target.roleArn && why.includes(target.roleArn) ? why : `${why}${via}`,
      durationMs: elapsed(),
      retryable,
    };
  }
  const organization = s.organization && orgContextFor(s.organization, target.accountId);
  const snapshot = organization ? { ...collected.snapshot, organization } : collected.snapshot;
  // History is recorded where the results are gathered (see src/org/run.ts), not on a worker.
  const { report, extract } = await assessAccount(snapshot, {
    config: s.config,
    only: s.only,
    suppressions: s.suppressions,
    frameworks: s.frameworks,
    extract: true,
  });
  return {
    target,
    status: report.scan.complete ? 'assessed' : 'incomplete',
    report,
    snapshot,
    ...(extract ? { extract } : {}),
    durationMs: elapsed(),
  };
}
