// Lists an AWS Organization for an organization scan: its accounts with their status, the
// chain of organizational units each one sits in, and its guardrails (org-policies.ts). Called with the management account's (or a
// delegated administrator's) credentials; every call is a read.

import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from './clients.js';
import { OrganizationListError, toCollectError } from './errors.js';
import type { OrgGuardrails } from '../model/organization.js';
import { readGuardrails } from './org-policies.js';

export interface OrgUnit {
  id: string;
  name: string;
}

export interface OrgAccount {
  id: string;
  name: string;
  email?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED (the newer State field when AWS sends it). */
  status: string;
  /** Root first, then each OU down to the account's own. */
  ouPath: OrgUnit[];
}

export interface OrgListing {
  organizationId?: string;
  managementAccountId?: string;
  accounts: OrgAccount[];
  /** The SCPs and RCPs with their targets (absent for an --accounts-file). */
  guardrails?: OrgGuardrails;
}

/** Sends one command and remembers its name, so a failure can say which call it was. */
type Send = <T>(name: string, call: (client: OrganizationsClient) => Promise<T>) => Promise<T>;

async function allPages<T>(fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    out.push(...page.items);
    token = page.next;
    // A token handed back twice would page forever.
    if (token && seen.has(token)) throw new OrganizationListError('Organizations returned the same page token twice', 'InvalidData');
    if (token) seen.add(token);
  } while (token);
  return out;
}

/** Walks the OU tree from each root and records where every account sits. */
async function placeAccounts(org: Send): Promise<Map<string, OrgUnit[]>> {
  const placement = new Map<string, OrgUnit[]>();
  const roots = await allPages(async (NextToken) => {
    const r = await org('ListRoots', (c) => c.send(new ListRootsCommand({ NextToken })));
    return { items: r.Roots ?? [], next: r.NextToken };
  });
  const queue: OrgUnit[][] = roots.map((r) => [{ id: r.Id ?? '', name: r.Name ?? 'Root' }]);
  while (queue.length) {
    const path = queue.shift()!;
    const parent = path[path.length - 1]!.id;
    const accounts = await allPages(async (NextToken) => {
      const r = await org('ListAccountsForParent', (c) => c.send(new ListAccountsForParentCommand({ ParentId: parent, NextToken })));
      return { items: r.Accounts ?? [], next: r.NextToken };
    });
    for (const a of accounts) if (a.Id) placement.set(a.Id, path);
    const children = await allPages(async (NextToken) => {
      const r = await org('ListOrganizationalUnitsForParent', (c) =>
        c.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken })),
      );
      return { items: r.OrganizationalUnits ?? [], next: r.NextToken };
    });
    for (const ou of children) if (ou.Id) queue.push([...path, { id: ou.Id, name: ou.Name ?? ou.Id }]);
  }
  return placement;
}

/** The organization's accounts; any failure is one OrganizationListError that names the call. */
export async function listOrganization(clients: AwsClients): Promise<OrgListing> {
  const client = clients.organizations();
  let step = 'DescribeOrganization';
  const org: Send = (name, call) => {
    step = name;
    return call(client);
  };
  try {
    const described = (await org('DescribeOrganization', (c) => c.send(new DescribeOrganizationCommand({})))).Organization;
    const accounts = await allPages(async (NextToken) => {
      const r = await org('ListAccounts', (c) => c.send(new ListAccountsCommand({ NextToken })));
      return { items: r.Accounts ?? [], next: r.NextToken };
    });
    const placement = await placeAccounts(org);
    const guardrails = await readGuardrails(org, allPages);
    return {
      guardrails,
      organizationId: described?.Id,
      managementAccountId: described?.MasterAccountId,
      accounts: accounts
        .filter((a) => a.Id && /^\d{12}$/.test(a.Id))
        .map((a) => ({
          id: a.Id!,
          name: a.Name ?? a.Id!,
          ...(a.Email ? { email: a.Email } : {}),
          status: String(a.State ?? a.Status ?? 'UNKNOWN'),
          ouPath: placement.get(a.Id!) ?? [],
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    };
  } catch (err) {
    if (err instanceof OrganizationListError) throw err;
    const e = toCollectError(err, { service: 'organizations', operation: step });
    const hint =
      e.code === 'AWSOrganizationsNotInUseException'
        ? 'this account is not in an organization'
        : e.kind === 'denied' || e.code === 'AccessDeniedException'
          ? `run with the management account or a delegated administrator${e.permission ? `; needs ${e.permission}` : ''}`
          : e.message.split('\n')[0];
    throw new OrganizationListError(`cannot list the organization (${step}: ${e.code}): ${hint}`, e.code);
  }
}
