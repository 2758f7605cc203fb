// The organization's access graph across accounts, joined from each account's extract: a
// principal of account A reaches a role of account B when B's trust policy admits it (by name,
// by account or as anyone, with its condition decided for that caller), A's own policies allow
// sts:AssumeRole on that role within A's SCPs, and B's RCPs do not refuse it. A search from
// every Internet entry and every user then finds the shortest way into admin (or data) of
// another account, every hop named with what allows it. Pure.

import type { AccountExtract, ExtractPrincipal } from '../model/org-extract.js';
import type { WitnessHop } from '../model/witness.js';
import type { RequestContext } from '../policy/conditions.js';
import { statementRef } from '../policy/graph.js';
import {
  allowingStatement,
  conditionVerdict,
  evaluate,
  principalsOf,
  statementMatchesAction,
  type PolicySet,
  type Statement,
} from '../policy/iam.js';
import { describeStatement } from './witness.js';

export interface CrossAccountPath {
  /** Where the path starts: an Internet entry (the role of an exposed instance) or a user. */
  start: { arn: string; name: string; accountId: string; entry: boolean };
  target: { kind: 'admin' | 'data'; accountId: string; principal: string; outcome: string; impact: number };
  hops: WitnessHop[];
  /** The principals it runs through (start, each role assumed or reached, the target). */
  principals: string[];
  /** The accounts the path runs through, in order. */
  accounts: string[];
  conditional: boolean;
}

interface Node {
  p: ExtractPrincipal;
  accountId: string;
}

interface Edge {
  to: string;
  hop: WitnessHop;
  cross: boolean;
}

const ASSUME = 'sts:AssumeRole';
const ALLOW_ALL: Statement[] = [{ effect: 'Allow', actions: ['*'], resources: ['*'] }];
const accountOf = (arn: string) => arn.split(':')[4] ?? '';

export interface JoinOptions {
  now: Date;
  /** Account names by id, for the hops. */
  names: Record<string, string>;
  /**
   * The management account: a principal that is (or reaches) admin there already rules every
   * member by design of Organizations; that chain is its account's finding, not one per member.
   */
  managementAccountId?: string;
}

export function joinAccounts(extracts: AccountExtract[], o: JoinOptions): CrossAccountPath[] {
  const label = (arn: string, name?: string) => `${name ?? arn.split(/[:/]/).pop()} (${o.names[accountOf(arn)] ?? accountOf(arn)})`;
  const nodes = new Map<string, Node>();
  const rcpOf = new Map<string, AccountExtract['rcp']>();
  for (const x of extracts) {
    rcpOf.set(x.accountId, x.rcp);
    for (const p of x.principals) nodes.set(p.arn, { p, accountId: x.accountId });
  }
  const edges = new Map<string, Edge[]>();
  const addEdge = (from: string, e: Edge) => {
    const list = edges.get(from);
    if (list) list.push(e);
    else edges.set(from, [e]);
  };
  for (const x of extracts)
    for (const e of x.edges)
      addEdge(e.from, {
        to: e.to,
        cross: false,
        hop: { ...e.hop, from: label(e.from), to: `${e.hop.to} (${o.names[x.accountId] ?? x.accountId})` },
      });

  // Trust statements that admit principals of other accounts, indexed by who they name.
  const trusts = { byArn: new Map<string, Node[]>(), byAccount: new Map<string, Node[]>(), anyone: [] as Node[] };
  for (const n of nodes.values())
    for (const st of n.p.trust ?? []) {
      const who = principalsOf(st.principal);
      if (who.any) trusts.anyone.push(n);
      for (const a of who.aws) {
        const [map, key] = /^\d{12}$/.test(a) || /:root$/.test(a) ? [trusts.byAccount, accountOf(a) || a] : [trusts.byArn, a];
        map.set(key, [...(map.get(key) ?? []), n]);
      }
    }

  for (const caller of nodes.values()) {
    const assume = caller.p.assume;
    if (!assume) continue;
    const rc: RequestContext = { now: o.now, mfa: 'unknown', session: assume.session, known: assume.known };
    const set: PolicySet = { identity: assume.identity, boundary: assume.boundary, caps: assume.caps, context: rc };
    const candidates = new Set([
      ...(trusts.byArn.get(caller.p.arn) ?? []),
      ...(trusts.byAccount.get(caller.accountId) ?? []),
      ...trusts.anyone,
    ]);
    for (const role of candidates) {
      if (role.accountId === caller.accountId) continue;
      const mine = evaluate(set, ASSUME, role.p.arn);
      if (mine !== 'allow' && mine !== 'conditional') continue;
      const admitting = (role.p.trust ?? []).filter((st) => admits(st, caller) && conditionVerdict(st, rc) !== 'false');
      if (!admitting.length) continue;
      const rcp = rcpOf.get(role.accountId);
      const theirs = rcp ? evaluate({ identity: ALLOW_ALL, caps: rcp, context: rc }, ASSUME, role.p.arn) : 'allow';
      if (theirs !== 'allow' && theirs !== 'conditional') continue;
      const callerSide = allowingStatement(set, ASSUME, role.p.arn);
      const trustSide = admitting.find((st) => conditionVerdict(st, rc) === 'true') ?? admitting[0]!;
      addEdge(caller.p.arn, {
        to: role.p.arn,
        cross: true,
        hop: {
          from: label(caller.p.arn, caller.p.name),
          to: label(role.p.arn, role.p.name),
          action: `assume ${role.p.name} in account ${o.names[role.accountId] ?? role.accountId} [${ASSUME}]`,
          allowedBy: [...(callerSide ? [describeStatement(statementRef(callerSide))] : []), describeStatement(statementRef(trustSide))],
          ...(mine === 'conditional' || theirs === 'conditional' || conditionVerdict(trustSide, rc) !== 'true'
            ? { conditional: true }
            : {}),
        },
      });
    }
  }
  return searchPaths(nodes, edges, o, label);
}

/** Whether a trust statement names this caller: its ARN, its account, or anyone. */
function admits(st: Statement, caller: Node): boolean {
  if (!statementMatchesAction(st, ASSUME)) return false;
  const who = principalsOf(st.principal);
  return (
    who.any ||
    who.aws.some(
      (a) =>
        a === caller.p.arn ||
        a === caller.accountId ||
        a === `arn:aws:iam::${caller.accountId}:root` ||
        (a.endsWith(':root') && accountOf(a) === caller.accountId),
    )
  );
}

/** Nodes from which some edge into another account can be reached: only their searches can cross. */
function canCross(edges: Map<string, Edge[]>): Set<string> {
  const reverse = new Map<string, string[]>();
  const out = new Set<string>();
  for (const [from, list] of edges)
    for (const e of list) {
      if (e.cross) out.add(from);
      reverse.set(e.to, [...(reverse.get(e.to) ?? []), from]);
    }
  const queue = [...out];
  while (queue.length)
    for (const prev of reverse.get(queue.pop()!) ?? [])
      if (!out.has(prev)) {
        out.add(prev);
        queue.push(prev);
      }
  return out;
}

function searchPaths(
  nodes: Map<string, Node>,
  edges: Map<string, Edge[]>,
  o: JoinOptions,
  label: (arn: string, name?: string) => string,
): CrossAccountPath[] {
  const crossing = canCross(edges);
  const out: CrossAccountPath[] = [];
  for (const start of nodes.values()) {
    const entry = start.p.entry;
    if ((!entry && start.p.kind !== 'user') || !crossing.has(start.p.arn)) continue;
    if (start.accountId === o.managementAccountId && start.p.admin) continue;
    const seen = new Set([start.p.arn]);
    // The shortest way into each other account's admin, else its data.
    const found = new Map<string, { kind: 'admin' | 'data'; node: Node; path: Edge[] }>();
    let frontier: { arn: string; path: Edge[] }[] = [{ arn: start.p.arn, path: [] }];
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const { arn, path } of frontier) {
        const n = nodes.get(arn)!;
        if (n.accountId !== start.accountId) {
          const had = found.get(n.accountId);
          if (n.p.admin && (!had || had.kind === 'data')) found.set(n.accountId, { kind: 'admin', node: n, path });
          else if (n.p.data && !had) found.set(n.accountId, { kind: 'data', node: n, path });
        }
        for (const e of edges.get(arn) ?? []) {
          if (seen.has(e.to) || !nodes.has(e.to)) continue;
          seen.add(e.to);
          next.push({ arn: e.to, path: [...path, e] });
        }
      }
      frontier = next;
    }
    for (const [accountId, f] of found) {
      const name = o.names[accountId] ?? accountId;
      const tail =
        f.kind === 'admin'
          ? f.node.p.admin!.map((h) => ({
              ...h,
              from: `${h.from} (${name})`,
              to: h.to.replace('admin of the account', `admin of account ${name}`),
            }))
          : f.node.p.data!.hops.map((h) => ({ ...h, from: `${h.from} (${name})` }));
      const hops = [...(entry ?? []), ...f.path.map((e) => e.hop), ...tail];
      if (f.kind === 'admin' && !tail.length)
        hops[hops.length - 1] = { ...hops[hops.length - 1]!, to: `${hops[hops.length - 1]!.to}, admin of account ${name}` };
      const accounts = [start.accountId, ...f.path.map((e) => accountOf(e.to))].filter((a, i, all) => a !== all[i - 1]);
      out.push({
        start: { arn: start.p.arn, name: label(start.p.arn, start.p.name), accountId: start.accountId, entry: Boolean(entry) },
        target: {
          kind: f.kind,
          accountId,
          principal: f.node.p.arn,
          outcome: f.kind === 'admin' ? `admin of account ${name}` : `${f.node.p.data!.outcome} in account ${name}`,
          impact: f.kind === 'admin' ? 3 : f.node.p.data!.impact,
        },
        hops,
        principals: [start.p.arn, ...f.path.map((e) => e.to)],
        accounts,
        conditional: hops.some((h) => h.conditional),
      });
    }
  }
  return out;
}
