// The effective-access graph of one account: who can become whom, followed to the account's
// real roles, groups, policies, functions and instances (never to a made-up "any target").
// Edges are built in graph-edges.ts (trust, PassRole, policy changes) and graph-compute.ts
// (hijacking compute that runs as a role, tags the caller can set); every hop keeps the
// statements that allow it. "Reaches admin" is a breadth-first search, so chains of any
// length are found, the shortest first, and cycles end.

import { adminLevel, type Statement } from './iam.js';
import { allowsAtAll, assumeEdges, credentialEdges, indexTrusts, passEdges, passFanOut, roleModifiable, selfAdmin } from './graph-edges.js';
import { computeEdges, computeFanOut, policyVersionEdge, type ComputeTarget } from './graph-compute.js';
import { collapse, isFanOut, type GraphPrincipal, type GraphRole, type Hop } from './graph-types.js';

export type { ComputeTarget };
export type * from './graph-types.js';
export { collapse, isFanOut, statementRef } from './graph-types.js';

export interface ChainInput {
  account: string;
  principals: GraphPrincipal[];
  roles: GraphRole[];
  /** Group ARNs whose policies make their members admin. */
  adminGroups: Set<string>;
  probe: (action: string) => string;
  /** Functions and instances that run as a role (hijack targets). */
  compute: ComputeTarget[];
  /** Non-default versions of customer-managed policies, by policy ARN. */
  policyVersions: Map<string, { versionId: string; statements: Statement[] }[]>;
}

export interface ChainResult {
  chains: Map<string, Hop[]>;
  reached: Map<string, Set<string>>;
  /** Every principal's ways onward (to other principals), for other searches over the same graph. */
  edges: Map<string, Hop[]>;
}

/** The hop that makes a principal admin without going through another principal, if any. */
const escalationHop = (p: GraphPrincipal, e: NonNullable<GraphPrincipal['escalation']>): Hop => ({
  from: p.arn,
  to: 'admin',
  kind: 'escalation',
  how: `escalate from ${p.name}: ${e.text}`,
  actions: e.actions,
  allowedBy: e.allowedBy,
  conditional: e.conditional,
});

function terminalHop(p: GraphPrincipal, input: ChainInput): Hop | undefined {
  if (p.escalation && !p.escalation.conditional) return escalationHop(p, p.escalation);
  return (
    selfAdmin(p, input.adminGroups) ??
    policyVersionEdge(p, input.policyVersions, (stmts) => adminLevel({ identity: stmts }) === 'admin') ??
    undefined
  );
}

/**
 * For every principal that is not admin itself, the shortest chain of hops to admin, if any,
 * and for those without one, every principal they can reach (to tell a pass from a pass that
 * depends on policies nobody could read). Chains through conditional hops are kept and marked.
 */
export function adminChains(input: ChainInput): ChainResult {
  const byArn = new Map(input.principals.map((p) => [p.arn, p]));
  const users = input.principals.filter((p) => p.kind === 'user');
  const trusts = indexTrusts(input.roles, input.account);
  const roleByArn = new Map(input.roles.map((r) => [r.arn, r]));
  const edges = new Map<string, Hop[]>();
  for (const hop of [...computeFanOut(input.compute), ...passFanOut(input.roles, trusts)]) {
    const list = edges.get(hop.from);
    if (list) list.push(hop);
    else edges.set(hop.from, [hop]);
  }
  const terminal = new Map<string, Hop | null>(); // principal -> hop to admin (null: admin itself)
  for (const p of input.principals) {
    if (p.admin) {
      terminal.set(p.arn, null);
      continue;
    }
    const end = terminalHop(p, input);
    if (end !== undefined) {
      // A chain that reaches this principal ends here: its own ways onward do not matter.
      terminal.set(p.arn, end);
      continue;
    }
    const assumed = assumeEdges(p, trusts);
    const seen = new Set(assumed.map((h) => h.to));
    const passed = passEdges(p, input.roles, trusts, input.probe).filter((h) => !seen.has(h.to));
    passed.forEach((h) => seen.add(h.to));
    const compute = computeEdges(p, input.compute).filter((h) => !seen.has(h.to));
    compute.forEach((h) => seen.add(h.to));
    const out = [...assumed, ...passed, ...compute, ...credentialEdges(p, users).filter((h) => !seen.has(h.to))];
    edges.set(p.arn, out);
    const canModifyRoles = allowsAtAll(p, 'iam:AttachRolePolicy') || allowsAtAll(p, 'iam:PutRolePolicy');
    for (const reach of canModifyRoles ? [...assumed, ...passed].filter((h) => !isFanOut(h.to)) : []) {
      const modify = roleModifiable(p, roleByArn.get(reach.to)!);
      if (modify) {
        terminal.set(p.arn, {
          ...reach,
          to: 'admin',
          kind: 'modify-role',
          how: `${modify.action} on ${reach.to.split('/').pop()} (make it admin), then ${reach.how}`,
          actions: [modify.action, ...reach.actions],
          allowedBy: [modify.allowedBy, ...reach.allowedBy],
        });
        break;
      }
    }
  }
  // Escalations that hold only under a condition end a chain too, when no unconditional way exists.
  const withConditional = new Map(terminal);
  for (const p of input.principals)
    if (!terminal.has(p.arn) && p.escalation?.conditional) withConditional.set(p.arn, escalationHop(p, p.escalation));
  const chains = new Map<string, Hop[]>();
  const reached = new Map<string, Set<string>>();
  for (const start of input.principals) {
    if (start.admin) continue;
    const first = shortestChain(start.arn, terminal, edges, byArn);
    const found =
      first.found ?? (withConditional.size > terminal.size ? shortestChain(start.arn, withConditional, edges, byArn).found : undefined);
    const seen = first.seen;
    if (found?.length) chains.set(start.arn, collapse(found));
    else reached.set(start.arn, seen);
  }
  return { chains, reached, edges };
}

/** Breadth-first from a principal: the first terminal node reached ends the shortest chain. */
function shortestChain(
  start: string,
  terminal: Map<string, Hop | null>,
  edges: Map<string, Hop[]>,
  byArn: Map<string, GraphPrincipal>,
): { found?: Hop[]; seen: Set<string> } {
  const seen = new Set([start]);
  let frontier: { arn: string; path: Hop[] }[] = [{ arn: start, path: [] }];
  while (frontier.length) {
    const next: { arn: string; path: Hop[] }[] = [];
    for (const { arn, path } of frontier) {
      const end = terminal.get(arn);
      if (end !== undefined) {
        const last = path[path.length - 1];
        // Reaching a principal that is admin itself ends the chain on that principal.
        const found = end
          ? [...path, end]
          : last
            ? [...path.slice(0, -1), { ...last, how: `${last.how}; ${byArn.get(arn)!.name} is admin` }]
            : path;
        return { found, seen };
      }
      for (const hop of edges.get(arn) ?? []) {
        if (seen.has(hop.to) || (!byArn.has(hop.to) && !isFanOut(hop.to))) continue;
        seen.add(hop.to);
        next.push({ arn: hop.to, path: [...path, hop] });
      }
    }
    frontier = next;
  }
  return { seen };
}
