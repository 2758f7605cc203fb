// Attack chains in the ranked list: a chain finding names the findings it is built from (its
// links), the engine keeps the links that exist, and those parts are ranked under the chain,
// after every distinct problem, so "fix first" lists distinct chains and problems. Pure.

import type { Finding } from '../model/findings.js';
import type { FindingLink } from './check-api.js';

/** A chain with an entry from outside (Internet, leaked-key class credentials) outranks every single finding. */
export const CHAIN_TIER_REACH = 2;
/** Above the best single finding (critical x reach 3 x blast 3 = 100 x 4 x 4). */
const CHAIN_FLOOR = 2000;

/** A chain's score: impact (blast) times ease of entry (reach), above every single finding. */
export const chainScore = (severityWeight: number, reach: number, blast: number): number =>
  CHAIN_FLOOR + 100 * reach * blast + severityWeight;

const matches = (link: FindingLink, f: Finding) =>
  f.resource.arn === link.resource &&
  (link.checkId.endsWith('*') ? f.checkId.startsWith(link.checkId.slice(0, -1)) : f.checkId === link.checkId);

/**
 * Resolves each chain's links to the findings that exist (recorded in its evidence as
 * linkedFindings) and marks those findings as parts of the chain when the chain is in the tier.
 */
export function linkChains(findings: Finding[], links: Map<Finding, FindingLink[]>): void {
  const byArn = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byArn.get(f.resource.arn) ?? [];
    list.push(f);
    byArn.set(f.resource.arn, list);
  }
  for (const [chain, wanted] of links) {
    const parts = new Set<Finding>();
    for (const link of wanted) for (const f of byArn.get(link.resource) ?? []) if (f !== chain && matches(link, f)) parts.add(f);
    chain.evidence.linkedFindings = [...parts].map((f) => ({ checkId: f.checkId, fingerprint: f.fingerprint, resource: f.resource.arn }));
    if (chain.exposure.reach < CHAIN_TIER_REACH) continue;
    // A chain that is itself a hop of a longer chain (a role's way to admin inside a network chain) becomes a part too.
    for (const part of parts) part.partOf = [...(part.partOf ?? []), chain.fingerprint];
  }
}

/** Distinct findings (not a hop of a tiered chain) first, each group by its own order. */
export function distinctFirst(order: (a: Finding, b: Finding) => number): (a: Finding, b: Finding) => number {
  return (a, b) => Number(Boolean(a.partOf)) - Number(Boolean(b.partOf)) || order(a, b);
}
