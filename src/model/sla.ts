// Remediation deadlines: days allowed per severity before an open finding is overdue.

import type { Severity } from './findings.js';

export type SlaPolicy = Record<Severity, number | null>;
export const DEFAULT_SLA: SlaPolicy = { critical: 7, high: 30, medium: 90, low: 180, info: null };
