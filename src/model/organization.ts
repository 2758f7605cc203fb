// What an account's evaluation knows about the AWS Organization it belongs to: the guardrails
// (service control policies and resource control policies) at every level from the root down
// to the account, the organization's id and path, and its other accounts (the zone of trust).
// An organization scan reads it once with the management account and hands each account its
// own view; a single-account scan in a member account has none ("guardrails not evaluated").

/** One policy attached at one level, with its document as AWS returned it (JSON text). */
export interface GuardrailPolicy {
  id: string;
  name: string;
  /** The policy's JSON document. */
  content: string;
}

/** The root, an OU or the account, with the policies of one kind attached to it. */
export interface GuardrailLevel {
  targetId: string;
  targetName: string;
  targetType: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  policies: GuardrailPolicy[];
}

export type GuardrailKind = 'SCP' | 'RCP';

export interface OrgContext {
  organizationId: string;
  managementAccountId: string;
  /** This account is the management account: no SCP or RCP applies to it. */
  isManagementAccount: boolean;
  /** aws:PrincipalOrgPaths of this account's principals: o-…/r-…/ou-…/ down to its own OU. */
  orgPath: string;
  /** Every account of the organization by id, with its name. */
  members: Record<string, string>;
  /**
   * Levels from the root to the account (root first), per policy kind; absent when that policy
   * type is not enabled in the organization (then it caps nothing).
   */
  scp?: GuardrailLevel[];
  rcp?: GuardrailLevel[];
  /** Why the guardrails could not be read: then neither kind is applied and the report says so. */
  problem?: string;
}

/** How a report states what it knew of the organization's guardrails. */
export interface GuardrailStatus {
  status: 'evaluated' | 'not-evaluated' | 'management-account';
  organizationId?: string;
  /** Why they were not evaluated. */
  reason?: string;
  /** Policies applied along the account's path, by kind (the same policy at two levels counts twice). */
  scps?: number;
  rcps?: number;
}

export const GUARDRAILS_NOT_EVALUATED =
  'organization guardrails not evaluated: SCPs and RCPs are readable only from the management account or a delegated administrator (scan with --org, or give `incloud evaluate --organization`)';

/** One SCP or RCP of the organization, with the roots, OUs and accounts it is attached to. */
export interface OrgPolicyRecord {
  id: string;
  name: string;
  content: string;
  targets: string[];
}

export interface OrgGuardrails {
  /** Absent: that policy type is not enabled in the organization. */
  scp?: OrgPolicyRecord[];
  rcp?: OrgPolicyRecord[];
  /** Why they could not be read (then neither kind is used). */
  problem?: string;
}

/** What an organization scan read once about the organization, to cut each account's OrgContext from. */
export interface OrgFacts {
  organizationId?: string;
  managementAccountId?: string;
  accounts: { id: string; name: string; ouPath: { id: string; name: string }[] }[];
  guardrails?: OrgGuardrails;
}
