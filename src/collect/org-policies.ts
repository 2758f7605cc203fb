// Reads an organization's guardrails: every service control policy and resource control policy
// with its document and the roots, OUs and accounts it is attached to. Only policy types that
// are enabled on the root are read (a disabled type caps nothing). Every call is a read. A
// failure here costs the guardrails, never the organization scan: the listing then says why.

import {
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import type { GuardrailKind, OrgGuardrails, OrgPolicyRecord } from '../model/organization.js';
import { toCollectError } from './errors.js';

export type OrgSend = <T>(name: string, call: (client: OrganizationsClient) => Promise<T>) => Promise<T>;
type Pager = <T>(fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>) => Promise<T[]>;

const TYPES: { kind: GuardrailKind; type: PolicyType; key: 'scp' | 'rcp' }[] = [
  { kind: 'SCP', type: 'SERVICE_CONTROL_POLICY', key: 'scp' },
  { kind: 'RCP', type: 'RESOURCE_CONTROL_POLICY', key: 'rcp' },
];

async function readKind(org: OrgSend, allPages: Pager, type: PolicyType): Promise<OrgPolicyRecord[]> {
  const summaries = await allPages(async (NextToken) => {
    const r = await org('ListPolicies', (c) => c.send(new ListPoliciesCommand({ Filter: type, NextToken })));
    return { items: r.Policies ?? [], next: r.NextToken };
  });
  const out: OrgPolicyRecord[] = [];
  for (const s of summaries) {
    if (!s.Id) continue;
    const described = await org('DescribePolicy', (c) => c.send(new DescribePolicyCommand({ PolicyId: s.Id })));
    const content = described.Policy?.Content;
    if (typeof content !== 'string') throw new Error(`DescribePolicy returned no document for ${s.Id}`);
    const targets = await allPages(async (NextToken) => {
      const r = await org('ListTargetsForPolicy', (c) => c.send(new ListTargetsForPolicyCommand({ PolicyId: s.Id, NextToken })));
      return { items: r.Targets ?? [], next: r.NextToken };
    });
    out.push({ id: s.Id, name: s.Name ?? s.Id, content, targets: targets.flatMap((t) => (t.TargetId ? [t.TargetId] : [])) });
  }
  return out;
}

export async function readGuardrails(org: OrgSend, allPages: Pager): Promise<OrgGuardrails> {
  let step = 'ListRoots';
  const tracked: OrgSend = (name, call) => {
    step = name;
    return org(name, call);
  };
  try {
    const roots = (await tracked('ListRoots', (c) => c.send(new ListRootsCommand({})))).Roots ?? [];
    const enabled = new Set(roots.flatMap((r) => (r.PolicyTypes ?? []).filter((t) => t.Status === 'ENABLED').map((t) => t.Type)));
    const out: OrgGuardrails = {};
    for (const t of TYPES) if (enabled.has(t.type)) out[t.key] = await readKind(tracked, allPages, t.type);
    return out;
  } catch (err) {
    const e = toCollectError(err, { service: 'organizations', operation: step });
    const why = e.kind === 'denied' ? `denied${e.permission ? `; grant ${e.permission}` : ''}` : e.message.split('\n')[0];
    return { problem: `the organization's SCPs and RCPs could not be read (${step}: ${e.code}): ${why}` };
  }
}
