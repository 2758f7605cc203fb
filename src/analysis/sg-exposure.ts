// Which ports a set of ingress permissions opens to the whole Internet. Sources are
// unioned per port (so 0.0.0.0/1 + 128.0.0.0/1 on two rules counts as open) and
// customer-managed prefix lists are expanded.

import type { PrefixList, SgPermission } from '../model/snapshot.js';
import { coversInternet, parseCidr, type Family } from '../policy/cidr.js';

export interface OpenInterval {
  from: number;
  to: number;
  families: Family[];
  sources: string[];
}
export interface InternetExposure {
  /** Families for which every protocol and port is open (protocol -1 or a non tcp/udp/icmp number). */
  allTraffic: Family[];
  tcp: OpenInterval[];
  udp: OpenInterval[];
  /** Prefix lists that contributed Internet-wide ranges. */
  prefixLists: string[];
  /** Referenced prefix lists whose entries are unknown: the exposure is a lower bound. */
  unknownPrefixLists: string[];
}

const PROTO: Record<string, 'tcp' | 'udp' | 'icmp' | 'all'> = {
  '-1': 'all',
  all: 'all',
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmp',
  '58': 'icmp',
};
export function protocolClass(p: string): 'tcp' | 'udp' | 'icmp' | 'all' {
  return PROTO[p.toLowerCase()] ?? 'all'; // any other protocol number opens everything
}

function sourcesOf(
  p: SgPermission,
  family: Family,
  lists: Map<string, PrefixList>,
  usedLists: Set<string>,
  unknown: Set<string>,
): string[] {
  const out = family === 'ipv4' ? p.ipv4.map((r) => r.cidr) : p.ipv6.map((r) => r.cidr);
  for (const id of p.prefixListIds) {
    const pl = lists.get(id);
    if (!pl || pl.entries.state !== 'ok') {
      unknown.add(id);
      continue;
    }
    const entries = pl.entries.value.filter((c) => parseCidr(c)?.family === family);
    if (entries.length) {
      out.push(...entries);
      if (coversInternet(entries, family)) usedLists.add(id);
    }
  }
  return out;
}

function portRange(p: SgPermission): [number, number] {
  if (protocolClass(p.protocol) === 'all') return [0, 65535];
  const from = p.fromPort === undefined || p.fromPort < 0 ? 0 : p.fromPort;
  const to = p.toPort === undefined || p.toPort < 0 ? 65535 : p.toPort;
  return [Math.min(from, to), Math.max(from, to)];
}

/** prefixLists undefined = the region's lists could not be read, so every referenced one is unknown. */
export function internetExposure(perms: SgPermission[], prefixLists: PrefixList[] | undefined = []): InternetExposure {
  const lists = new Map((prefixLists ?? []).map((l) => [l.id, l]));
  const used = new Set<string>();
  const unknown = new Set<string>();
  const out: InternetExposure = { allTraffic: [], tcp: [], udp: [], prefixLists: [], unknownPrefixLists: [] };
  for (const family of ['ipv4', 'ipv6'] as Family[]) {
    const allPerms = perms.filter((p) => protocolClass(p.protocol) === 'all');
    const allSources = allPerms.flatMap((p) => sourcesOf(p, family, lists, used, unknown));
    if (coversInternet(allSources, family)) out.allTraffic.push(family);
    for (const proto of ['tcp', 'udp'] as const) {
      const items = perms
        .filter((p) => {
          const c = protocolClass(p.protocol);
          return c === proto || c === 'all';
        })
        .map((p) => ({ range: portRange(p), sources: sourcesOf(p, family, lists, used, unknown) }))
        .filter((i) => i.sources.length > 0);
      if (!items.length) continue;
      const cuts = [...new Set(items.flatMap((i) => [i.range[0], i.range[1] + 1]))].sort((a, b) => a - b);
      for (let k = 0; k < cuts.length - 1; k++) {
        const a = cuts[k]!;
        const b = cuts[k + 1]! - 1;
        const covering = items.filter((i) => i.range[0] <= a && i.range[1] >= b);
        const sources = [...new Set(covering.flatMap((i) => i.sources))];
        if (!coversInternet(sources, family)) continue;
        const list = out[proto];
        const last = list[list.length - 1];
        if (last && last.to + 1 === a && last.families.includes(family) && last.families.length === 1) {
          last.to = b;
          for (const s of sources) if (!last.sources.includes(s)) last.sources.push(s);
        } else list.push({ from: a, to: b, families: [family], sources });
      }
    }
  }
  // Fold IPv6 intervals into matching IPv4 ones so each range is listed once.
  for (const proto of ['tcp', 'udp'] as const) {
    const merged: OpenInterval[] = [];
    for (const iv of out[proto]) {
      const same = merged.find((m) => m.from === iv.from && m.to === iv.to);
      if (same) {
        same.families = [...new Set([...same.families, ...iv.families])];
        same.sources = [...new Set([...same.sources, ...iv.sources])];
      } else merged.push({ ...iv, families: [...iv.families], sources: [...iv.sources] });
    }
    out[proto] = merged.sort((x, y) => x.from - y.from);
  }
  out.prefixLists = [...used];
  out.unknownPrefixLists = [...unknown].sort();
  return out;
}

/** Families for which the port is open to the Internet on this protocol. */
export function openFamilies(e: InternetExposure, proto: 'tcp' | 'udp', port: number): Family[] {
  const fams = new Set<Family>(e.allTraffic);
  for (const iv of e[proto]) if (iv.from <= port && port <= iv.to) iv.families.forEach((f) => fams.add(f));
  return [...fams];
}

export function isEmpty(e: InternetExposure): boolean {
  return e.allTraffic.length === 0 && e.tcp.length === 0 && e.udp.length === 0;
}

export function describeInterval(proto: string, iv: { from: number; to: number }): string {
  return iv.from === iv.to ? `${proto}/${iv.from}` : iv.from === 0 && iv.to === 65535 ? `${proto}/all` : `${proto}/${iv.from}-${iv.to}`;
}

/** The parts of `range` not covered by any of `holes` (inclusive port ranges). */
export function subtractRanges(range: { from: number; to: number }, holes: { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = holes.filter((h) => h.to >= range.from && h.from <= range.to).sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  let cursor = range.from;
  for (const h of sorted) {
    if (h.from > cursor) out.push({ from: cursor, to: Math.min(h.from - 1, range.to) });
    cursor = Math.max(cursor, h.to + 1);
    if (cursor > range.to) break;
  }
  if (cursor <= range.to) out.push({ from: cursor, to: range.to });
  return out;
}
