// Cross-account attack paths as organization findings: each path the join finds is one finding,
// ranked with every account's findings (a chain's score, above any single finding), naming every
// hop with the account it is in, and linking the accounts' own findings it runs through.

import { joinAccounts, type CrossAccountPath } from '../analysis/cross-account.js';
import { chainScore } from '../engine/chains.js';
import { SEVERITY_WEIGHT } from '../engine/evaluate.js';
import type { Severity } from '../model/findings.js';
import { fingerprintOf } from '../model/fingerprint.js';
import type { AccountExtract } from '../model/org-extract.js';
import { CROSS_ACCOUNT_CHECK, type OrgCheckFacts, type OrgFinding, type OrgUnitRef } from '../model/org-report.js';
import { pathText } from '../model/witness.js';

export const CROSS_ACCOUNT_FACTS: OrgCheckFacts = {
  title: 'Attack path across accounts: an Internet entry or a user reaches admin or data in another account',
  severity: 'critical',
  duties: ['identity', 'network', 'data-access'],
  remediation: {
    summary:
      "Break the path at its cheapest hop: scope the caller's sts:AssumeRole to the roles it needs, name principals (not whole accounts) in the target role's trust policy and add a condition (aws:PrincipalOrgPaths, sts:ExternalId, MFA), or cap it with an SCP on the calling side or an RCP on the target side.",
    cli: 'aws iam update-assume-role-policy --role-name <target-role> --policy-document file://trust-naming-one-principal.json',
    terraform: '# in the target account: a trust policy that names the one principal that needs the role, with a condition',
  },
  refs: {},
};

const lower = (s: Severity): Severity => (s === 'critical' ? 'high' : s === 'high' ? 'medium' : s);

export interface AccountPlace {
  name: string;
  ouPath: OrgUnitRef[];
}

/** The organization's cross-account paths as findings (priority assigned by the report builder). */
export function crossAccountFindings(
  extracts: AccountExtract[],
  places: Map<string, AccountPlace>,
  now: Date,
  managementAccountId?: string,
): OrgFinding[] {
  const names = Object.fromEntries([...places].map(([id, p]) => [id, p.name]));
  return joinAccounts(extracts, { now, names, managementAccountId }).map((path) => findingOf(path, places));
}

function findingOf(path: CrossAccountPath, places: Map<string, AccountPlace>): OrgFinding {
  const { start, target } = path;
  const reach = start.entry ? 3 : 2;
  const raw: Severity = start.entry && (target.kind === 'admin' || target.impact >= 3) ? 'critical' : 'high';
  const severity = path.conditional ? lower(raw) : raw;
  const place = places.get(start.accountId);
  const targetName = places.get(target.accountId)?.name ?? target.accountId;
  const discriminator = `${target.accountId}/${target.kind}`;
  const kind = start.arn.includes(':user/') ? 'user' : 'role';
  return {
    checkId: CROSS_ACCOUNT_CHECK,
    title: CROSS_ACCOUNT_FACTS.title,
    service: 'iam',
    severity,
    ...(severity !== 'critical' ? { baseSeverity: 'critical' as const } : {}),
    duties: CROSS_ACCOUNT_FACTS.duties,
    priority: 0,
    score: chainScore(SEVERITY_WEIGHT[severity], reach, target.impact),
    resource: {
      arn: start.arn,
      type: kind === 'user' ? 'AWS::IAM::User' : 'AWS::IAM::Role',
      name: start.name,
      region: 'global',
      accountId: start.accountId,
    },
    fingerprint: fingerprintOf(CROSS_ACCOUNT_CHECK, start.arn, discriminator),
    message: `Attack path across accounts: ${start.entry ? 'the Internet' : `user ${start.name}`} reaches ${target.outcome}: ${pathText(path.hops)}.`,
    evidence: {
      hops: path.hops,
      principals: path.principals,
      accounts: path.accounts.map((id) => ({ id, name: places.get(id)?.name ?? id })),
      target: { account: target.accountId, accountName: targetName, principal: target.principal, kind: target.kind },
    },
    exposure: {
      reach,
      blast: target.impact,
      factors: [
        start.entry ? `Internet reaches ${start.name}` : `user ${start.name}`,
        `crosses ${path.accounts.length - 1} account boundary(ies) into ${targetName}`,
        ...(path.conditional ? ['a hop holds only under a condition'] : []),
      ],
    },
    accountId: start.accountId,
    accountName: place?.name ?? start.accountId,
    ouPath: place?.ouPath ?? [],
  };
}
