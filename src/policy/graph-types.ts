// The nodes and hops of the effective-access graph (see graph.ts).

import { statementMatchesAction, wildcardMatch, type PolicySet, type Statement } from './iam.js';

/**
 * Fan-out nodes stand for "every target of a kind" (every instance, every role a service
 * trusts): a principal whose grant covers all of them gets one hop there, and the fan-out node
 * one hop to each target. Chains through one are collapsed back into one hop (see collapse).
 */
const FAN_OUT = 'incloud:every:';
export const fanOutNode = (what: string): string => `${FAN_OUT}${what}`;
export const isFanOut = (node: string): boolean => node.startsWith(FAN_OUT);
/** Stands in a fan-out hop's text for the target the next hop names. */
export const TARGET = '{target}';

/** Joins each hop into a fan-out node with the hop out of it: one hop that names the real target. */
export function collapse(path: Hop[]): Hop[] {
  const out: Hop[] = [];
  for (let i = 0; i < path.length; i++) {
    const h = path[i]!;
    const next = path[i + 1];
    if (isFanOut(h.to) && next) {
      out.push({ ...h, to: next.to, how: h.how.replace(TARGET, next.how), ...(next.via ? { via: next.via } : {}) });
      i++;
    } else out.push(h);
  }
  return out;
}

/**
 * An ARN of the same kind as this one but another resource: everything after the resource
 * type is replaced (stack/<name>/<id>, function:<name>, instance/<id>), so a grant scoped to
 * one resource by name never looks like a grant on all of them.
 */
function anotherOfKind(arn: string): string {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  const cut = resource.search(/[/:]/);
  const other = cut < 0 ? 'incloud-other-target-zz' : `${resource.slice(0, cut + 1)}incloud-other-target-zz`;
  return [...parts.slice(0, 5), other].join(':');
}

/**
 * True when the statements that bear on these actions treat every resource of the sample's kind
 * alike (no resource scoping): then one answer, for the sample, holds for all of them.
 */
export function resourceFree(set: PolicySet, actions: string[], sample: string): boolean {
  const probes = [sample, anotherOfKind(sample)];
  // Only a statement that covers both (a grant or Deny on all of them) is sure to treat every target alike.
  const coversBoth = (s: Statement) =>
    s.resources
      ? s.resources.some((p) => probes.every((probe) => wildcardMatch(p, probe, false)))
      : !(s.notResources ?? []).some((p) => probes.some((probe) => wildcardMatch(p, probe, false)));
  return [...set.identity, ...(set.boundary ?? [])].filter((s) => actions.some((a) => statementMatchesAction(s, a))).every(coversBoth);
}

export interface GraphRole {
  arn: string;
  name: string;
  trust: Statement[];
}

export interface GraphPrincipal {
  arn: string;
  name: string;
  kind: 'user' | 'role';
  set: PolicySet;
  /** Admin on its own (AdministratorAccess or an equivalent grant). */
  admin: boolean;
  /**
   * A privilege escalation it can do on any target: it ends every chain that reaches it
   * (one that holds only under a condition ends a chain only when no other way exists).
   */
  escalation?: { text: string; actions: string[]; allowedBy: HopStatement[]; conditional: boolean };
  /** Customer-managed policies attached to the principal or, for users, to its groups. */
  ownPolicies: string[];
  /** Groups of a user. */
  groups: { arn: string; name: string }[];
}

/** A statement that allows a hop, as a reviewer finds it: the policy, the statement, its condition. */
export interface HopStatement {
  policy: string;
  /** Sid, or the 0-based position in the policy's Statement list. */
  statement: string | number;
  condition?: unknown;
}

export type HopKind =
  | 'assume-role'
  | 'pass-role'
  | 'modify-role'
  | 'self-admin'
  | 'policy-version'
  | 'hijack-function'
  | 'hijack-stack'
  | 'hijack-build'
  | 'run-on-instance'
  | 'set-tag'
  | 'credential'
  | 'escalation';

export interface Hop {
  from: string;
  /** The principal reached, or 'admin' for the last hop of a chain. */
  to: string;
  kind: HopKind;
  how: string;
  /** The actions the hop takes. */
  actions: string[];
  /** The statements that allow it: the caller's, and the resource's (trust policy) where one is needed. */
  allowedBy: HopStatement[];
  /** What the hop passes through on the way: the function, instance or policy it uses. */
  via?: { kind: string; arn: string; name: string };
  conditional: boolean;
}

export const statementRef = (s: Statement): HopStatement => ({
  policy: s.source ?? 'unnamed policy',
  statement: s.sid ?? s.index ?? 0,
  ...(s.condition ? { condition: s.condition } : {}),
});
