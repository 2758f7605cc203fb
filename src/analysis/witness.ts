// The witness of an attack chain: a list of hops a reviewer can check by hand, each with the
// resource it lands on, the action it takes and the statements (or network rules) that allow
// it. Shared by the chain checks and the organization's cross-account join; rendered as a path
// in the HTML report and in tickets. Pure.

import type { Instance, SecurityGroup } from '../model/snapshot.js';
import type { WitnessHop } from '../model/witness.js';
import type { Hop, HopStatement } from '../policy/graph.js';
import { ACCESS_ACTION } from '../policy/data-access.js';
import { worstFirst, type DataPath } from './data-reach.js';
import type { EntryPoint } from './network.js';

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

/** What the entry hops need to know about the network. */
export interface EntryLookup {
  instanceEntry(region: string, instance: Instance): EntryPoint | undefined;
  securityGroup(region: string, id: string): SecurityGroup | undefined;
}

/** The network hops: from the Internet into the instance, then to its role through the metadata service. */
export function entryHops(
  net: EntryLookup,
  region: string,
  i: Instance,
  roleName: string,
): { entry: EntryPoint; groups: SecurityGroup[]; hops: WitnessHop[] } | undefined {
  const entry = net.instanceEntry(region, i);
  if (!entry) return undefined;
  const groups = entry.eni.groupIds.map((id) => net.securityGroup(region, id)).filter((g) => g !== undefined);
  const imdsV1 = i.metadataHttpTokens !== 'required';
  const hops: WitnessHop[] = [
    {
      from: 'Internet',
      to: `${i.tags.Name ? `${i.tags.Name} ` : ''}${i.id} at ${entry.reach.publicIpv4 ?? entry.reach.ipv6[0]}`,
      action: `connect on ${entry.ports.join(', ')}`,
      allowedBy: [
        ...groups.map((g) => `security group ${g.name} (${g.id}) allows it from the whole Internet`),
        `network ACL: ${entry.nacl === 'none' ? 'no ACL governs the subnet' : entry.nacl === 'not collected' ? 'not collected (assumed open)' : `${entry.nacl} lets it in`}`,
        'the subnet routes 0.0.0.0/0 to an Internet gateway',
      ],
    },
    {
      from: i.id,
      to: roleName,
      action: `take the role's credentials from the instance metadata service${imdsV1 ? ' (IMDSv1 allowed: one SSRF request is enough)' : ' (IMDSv2: needs code execution on the host)'}`,
      allowedBy: [`instance profile ${i.instanceProfileArn}`],
    },
  ];
  return { entry, groups, hops };
}
