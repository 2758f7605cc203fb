// CIDR arithmetic on bigints, enough to answer "does this set of sources add up to the Internet?".

export type Family = 'ipv4' | 'ipv6';
export interface Range {
  family: Family;
  start: bigint;
  end: bigint;
  prefix: number;
  cidr: string;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const toGroups = (x: string): number[] | undefined => {
    if (x === '') return [];
    const out: number[] = [];
    for (const g of x.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = toGroups(head);
  const t = toGroups(tail);
  if (!h || !t) return undefined;
  const fill = dbl >= 0 ? 8 - h.length - t.length : 0;
  if (fill < 0 || (dbl < 0 && h.length !== 8)) return undefined;
  const groups = [...h, ...new Array<number>(fill).fill(0), ...t];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const cache = new Map<string, Range | undefined>();

export function parseCidr(cidr: string): Range | undefined {
  if (cache.has(cidr)) return cache.get(cidr);
  let out: Range | undefined;
  const [addr, len] = cidr.trim().split('/');
  if (addr !== undefined) {
    const family: Family = addr.includes(':') ? 'ipv6' : 'ipv4';
    const bits = family === 'ipv4' ? 32 : 128;
    const prefix = len === undefined ? bits : Number(len);
    const base = family === 'ipv4' ? parseIpv4(addr) : parseIpv6(addr);
    if (base !== undefined && Number.isInteger(prefix) && prefix >= 0 && prefix <= bits) {
      const size = 1n << BigInt(bits - prefix);
      const start = (base / size) * size;
      out = { family, start, end: start + size - 1n, prefix, cidr };
    }
  }
  cache.set(cidr, out);
  return out;
}

const NON_GLOBAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((c) => parseCidr(c)!);
/** Global unicast IPv6 is 2000::/3; everything else (ULA fc00::/7, link-local fe80::/10, ...) is not Internet. */
const GLOBAL_V6 = parseCidr('2000::/3')!;

export function isAnyAddress(cidr: string): boolean {
  const r = parseCidr(cidr);
  return r !== undefined && r.prefix === 0;
}

/** True if any part of the range is globally routable. */
export function isGloballyRoutable(cidr: string): boolean {
  const r = parseCidr(cidr);
  if (!r) return false;
  if (r.family === 'ipv6') return r.start <= GLOBAL_V6.end && r.end >= GLOBAL_V6.start;
  return !NON_GLOBAL_V4.some((n) => r.start >= n.start && r.end <= n.end);
}

function merge(ranges: { start: bigint; end: bigint }[]): { start: bigint; end: bigint }[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: { start: bigint; end: bigint }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
}

/**
 * Whether the union of these CIDRs covers the whole Internet for a family: IPv4 means every
 * globally routable address (so 0.0.0.0/1 + 128.0.0.0/1 counts), IPv6 means all of 2000::/3.
 */
export function coversInternet(cidrs: string[], family: Family): boolean {
  const ranges = cidrs.map(parseCidr).filter((r): r is Range => r !== undefined && r.family === family);
  if (ranges.length === 0) return false;
  if (ranges.some((r) => r.prefix === 0)) return true;
  const merged = merge(ranges);
  if (family === 'ipv6') return merged.some((m) => m.start <= GLOBAL_V6.start && m.end >= GLOBAL_V6.end);
  // Walk the IPv4 space; every gap must lie inside a non-global block.
  const gaps: { start: bigint; end: bigint }[] = [];
  let cursor = 0n;
  for (const m of merged) {
    if (m.start > cursor) gaps.push({ start: cursor, end: m.start - 1n });
    cursor = m.end + 1n;
  }
  if (cursor <= 0xffffffffn) gaps.push({ start: cursor, end: 0xffffffffn });
  const nonGlobal = merge(NON_GLOBAL_V4);
  return gaps.every((g) => nonGlobal.some((n) => g.start >= n.start && g.end <= n.end));
}

export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return Boolean(o && i && o.family === i.family && i.start >= o.start && i.end <= o.end);
}
