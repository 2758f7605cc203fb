// Why a finding ranks where it does, in words: for the terminal, the HTML and ticket bodies.

import type { Finding } from './findings.js';

/** "Why this rank" in words: the context factors, or the plain severity when there are none. */
export function rankReason(f: Pick<Finding, 'exposure' | 'severity'>): string {
  const factors = f.exposure.factors.filter((x) => !/^at least this open/.test(x));
  if (factors.length) return factors.slice(0, 3).join('; ');
  return `${f.severity} on its own (no exposure or blast-radius factors)`;
}
