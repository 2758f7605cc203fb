// Cuts the compact extract of one account (src/model/org-extract.ts) from the analyses its
// evaluation already built: nothing is computed twice, and only what a join across accounts
// needs leaves the worker. Pure.

import type { AccountExtract, ExtractPrincipal } from '../model/org-extract.js';
import type { Snapshot } from '../model/snapshot.js';
import { isFanOut } from '../policy/graph.js';
import { principalsOf, statementMatchesAction, type Statement } from '../policy/iam.js';
import type { BlastRadius } from './blast-radius.js';
import type { DataReach } from './data-reach.js';
import type { Guardrails } from './guardrails.js';
import type { IamAnalysis } from './iam-analysis.js';
import type { NetworkGraph } from './network.js';
import { dataOutcome, dataWitness, entryHops, witnessOf } from './witness.js';

export interface ExtractSources {
  snapshot: Snapshot;
  network: NetworkGraph;
  iam: IamAnalysis;
  data: DataReach;
  blast: BlastRadius;
  guardrails: Guardrails;
}

const ASSUME = 'sts:AssumeRole';
const bearsOnAssume = (stmts: Statement[]) => stmts.filter((s) => statementMatchesAction(s, ASSUME));

/** Trust statements of a role that let principals of another account (or anyone) assume it. */
function outsideTrust(trust: Statement[], account: string): Statement[] {
  return trust.filter((s) => {
    if (s.effect !== 'Allow' || !statementMatchesAction(s, ASSUME)) return false;
    const who = principalsOf(s.principal);
    return who.any || who.aws.some((a) => !a.includes(account));
  });
}

export function accountExtract(src: ExtractSources): AccountExtract {
  const { snapshot, iam, guardrails } = src;
  const account = snapshot.account.id;
  const aad = snapshot.iam.authorizationDetails;
  const entries = new Map<string, ExtractPrincipal['entry']>();
  for (const [region, r] of src.network.regions())
    for (const inst of r.instances.state === 'ok' ? r.instances.value : []) {
      if (inst.state !== 'running') continue;
      const role = src.blast.instanceRole(inst);
      if (!role || entries.has(role.arn)) continue;
      const hops = entryHops(src.network, region, inst, role.name)?.hops;
      if (hops) entries.set(role.arn, hops);
    }
  const trusts = new Map<string, Statement[]>();
  for (const role of aad.state === 'ok' ? aad.value.roles : []) {
    const t = outsideTrust(iam.trustStatements(role), account);
    if (t.length) trusts.set(role.arn, t);
  }
  const principals: ExtractPrincipal[] = [];
  for (const a of iam.principals()) {
    const assume = a.set.identity.some((s) => s.effect === 'Allow' && statementMatchesAction(s, ASSUME));
    const entry = entries.get(a.arn);
    const trust = trusts.get(a.arn);
    if (!assume && !entry && !trust && a.kind !== 'user') continue;
    const chain = a.admin === 'admin' ? [] : iam.adminChain(a.arn);
    const data = chain ? undefined : src.data.from(a.arn)[0];
    principals.push({
      arn: a.arn,
      name: a.name,
      kind: a.kind,
      ...(chain ? { admin: witnessOf(chain, true) } : {}),
      ...(data ? { data: { outcome: dataOutcome(data), impact: data.impact, hops: dataWitness(a.arn, data) } } : {}),
      ...(entry ? { entry } : {}),
      ...(assume
        ? {
            assume: {
              identity: bearsOnAssume(a.set.identity),
              ...(a.set.boundary ? { boundary: bearsOnAssume(a.set.boundary) } : {}),
              ...(a.set.caps ? { caps: a.set.caps.map((l) => ({ label: l.label, statements: bearsOnAssume(l.statements) })) } : {}),
              known: a.set.context?.known ?? {},
              session: a.set.context?.session ?? 'unknown',
            },
          }
        : {}),
      ...(trust ? { trust } : {}),
    });
  }
  // Hops to a principal left out lead nowhere a join can use (it neither leaves the account nor is entered from outside).
  const kept = new Set(principals.map((p) => p.arn));
  const edges: AccountExtract['edges'] = [];
  for (const [from, hops] of iam.graphEdges() ?? [])
    for (const h of hops) if (!isFanOut(from) && kept.has(from) && kept.has(h.to)) edges.push({ from, to: h.to, hop: witnessOf([h])[0]! });
  const rcp = guardrails.rcp?.map((l) => ({ label: l.label, statements: bearsOnAssume(l.statements) }));
  return { accountId: account, principals, edges, ...(rcp ? { rcp } : {}) };
}
