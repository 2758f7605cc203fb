// Each account's view of its organization, cut from the one listing the coordinator read: the
// SCP and RCP levels from the root through every OU down to the account, the organization's id,
// the account's org path and the other accounts by name. Pure; travels with each account's job.

import type { GuardrailLevel, OrgContext, OrgFacts, OrgPolicyRecord } from '../model/organization.js';

function levels(records: OrgPolicyRecord[], path: { id: string; name: string; type: GuardrailLevel['targetType'] }[]): GuardrailLevel[] {
  return path.map((t) => ({
    targetId: t.id,
    targetName: t.name,
    targetType: t.type,
    policies: records.filter((p) => p.targets.includes(t.id)).map((p) => ({ id: p.id, name: p.name, content: p.content })),
  }));
}

/** undefined when the listing does not describe an organization (an --accounts-file) or lacks the account. */
export function orgContextFor(listing: OrgFacts, accountId: string): OrgContext | undefined {
  const account = listing.accounts.find((a) => a.id === accountId);
  if (!listing.organizationId || !listing.managementAccountId || !account) return undefined;
  const g = listing.guardrails;
  const path = [
    ...account.ouPath.map((u, i) => ({
      id: u.id,
      name: u.name,
      type: (i === 0 ? 'ROOT' : 'ORGANIZATIONAL_UNIT') as GuardrailLevel['targetType'],
    })),
    { id: account.id, name: account.name, type: 'ACCOUNT' as const },
  ];
  return {
    organizationId: listing.organizationId,
    managementAccountId: listing.managementAccountId,
    isManagementAccount: accountId === listing.managementAccountId,
    orgPath: `${[listing.organizationId, ...account.ouPath.map((u) => u.id)].join('/')}/`,
    members: Object.fromEntries(listing.accounts.map((a) => [a.id, a.name])),
    ...(g?.scp ? { scp: levels(g.scp, path) } : {}),
    ...(g?.rcp ? { rcp: levels(g.rcp, path) } : {}),
    ...(g?.problem ? { problem: g.problem } : g ? {} : { problem: 'the organization listing holds no guardrails' }),
  };
}
