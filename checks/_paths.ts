// The witness of an attack chain: a list of hops a reviewer can check by hand, each with the
// resource it lands on, the action it takes and the statements (or network rules) that allow
// it. Shared by the chain checks; rendered as a path in the HTML report and in tickets.

import type { DataPath } from '../src/engine/check-api.js';
import type { WitnessHop } from '../src/model/witness.js';
import type { Hop, HopStatement } from '../src/policy/graph.js';
import { ACCESS_ACTION } from '../src/policy/data-access.js';
import { worstFirst } from '../src/analysis/data-reach.js';

const short = (arn: string) => (arn.startsWith('arn:') ? (arn.split(/[:/]/).pop() ?? arn) : arn);

export function describeStatement(s: HopStatement): string {
  const which = typeof s.statement === 'number' ? `statement ${s.statement}` : `statement "${s.statement}"`;
  return `${s.policy}, ${which}${s.condition ? ` when ${JSON.stringify(s.condition)}` : ''}`;
}

/** Graph hops as witness hops; an admin chain's last hop lands on "admin of the account" or on an admin principal. */
export function witnessOf(hops: Hop[], adminChain = false): WitnessHop[] {
  return hops.map((h, i) => ({
    from: short(h.from),
    to:
      h.to === 'admin'
        ? `admin of the account${h.via ? ` (through ${h.via.name})` : ''}`
        : `${h.via ? `${h.via.name} -> ` : ''}${short(h.to)}${adminChain && i === hops.length - 1 ? ' (admin)' : ''}`,
    action: `${h.how}${h.actions.length ? ` [${h.actions.join(', ')}]` : ''}`,
    allowedBy: h.allowedBy.map(describeStatement),
    ...(h.conditional ? { conditional: true } : {}),
  }));
}

/** The hops to the principal that holds a bucket grant, then the grant itself. */
export function dataWitness(start: string, d: DataPath): WitnessHop[] {
  const holder = d.path.length ? d.path[d.path.length - 1]!.to : start;
  const access = worstFirst(d.grant.access);
  const bucket = `bucket ${d.grant.bucket.name}${d.others ? ` and ${d.others} other bucket(s)` : ''}${d.publicBucket ? ' (publicly readable)' : ''}`;
  return [
    ...witnessOf(d.path),
    {
      from: short(holder),
      to: bucket,
      action: `${access.join(', ')} [${access.map((a) => ACCESS_ACTION[a]).join(', ')}]`,
      allowedBy: access.flatMap((a) => (d.grant.allowedBy[a] ? [`${a}: ${describeStatement(d.grant.allowedBy[a]!)}`] : [])),
      ...(d.grant.conditional ? { conditional: true } : {}),
    },
  ];
}

/** What a data path lets an attacker do, in words. */
export function dataOutcome(d: DataPath): string {
  const access = worstFirst(d.grant.access);
  const verbs: Record<string, string> = {
    policy: 'rewrite the bucket policy of',
    write: d.publicBucket ? 'plant content in the publicly read bucket' : 'write objects into',
    delete: 'delete objects in',
    read: 'read objects in',
  };
  const others = d.others ? ` and ${d.others} other bucket(s)` : '';
  return `${verbs[access[0]!]} ${d.grant.bucket.name}${others}${access.length > 1 ? ` (also ${access.slice(1).join(', ')})` : ''}`;
}

/** A one-line path for messages: A -> B -> C. */
export const pathLine = (hops: WitnessHop[], start: string): string => [start, ...hops.map((h) => h.to)].join(' -> ');

export type { WitnessHop };
