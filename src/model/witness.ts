// The witness of an attack-chain finding (evidence.hops): read back defensively from a report,
// and written as plain text for tickets and the scan store.

export interface WitnessHop {
  from: string;
  to: string;
  action: string;
  allowedBy: string[];
  /** Set when the hop holds only under a condition the scan cannot decide. */
  conditional?: boolean;
}

/** The hop list of a finding's evidence, if it has a well-formed one. */
export function hopsOf(evidence: Record<string, unknown>): WitnessHop[] | undefined {
  const hops = evidence.hops;
  if (!Array.isArray(hops) || !hops.length) return undefined;
  const wellFormed = hops.every(
    (h) => h && typeof h === 'object' && typeof h.from === 'string' && typeof h.to === 'string' && Array.isArray(h.allowedBy),
  );
  return wellFormed ? (hops as WitnessHop[]) : undefined;
}

/** "entry → hop → ... → target". */
export const pathText = (hops: WitnessHop[]): string => [hops[0]!.from, ...hops.map((h) => h.to)].join(' → ');

/** The path, then one line per hop with what it does and what allows it; null without hops. */
export function witnessText(evidence: Record<string, unknown>): string | null {
  const hops = hopsOf(evidence);
  if (!hops) return null;
  const lines = hops.map(
    (h, i) =>
      `${i + 1}. ${h.from} → ${h.to}: ${h.action}${h.conditional ? ' (under a condition)' : ''}` +
      (h.allowedBy.length ? `\n   allowed by ${h.allowedBy.join('; ')}` : ''),
  );
  return [pathText(hops), ...lines].join('\n');
}
