// The severity scale, most severe first.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A count per severity, all zero. */
export const zeroSeverities = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/** The sum of a count per severity. */
export const severityTotal = (counts: Record<Severity, number>): number => SEVERITIES.reduce((n, s) => n + counts[s], 0);

/** The severities at or above one, most severe first. */
export const atOrAboveSeverities = (floor: Severity): Severity[] => SEVERITIES.slice(0, SEVERITIES.indexOf(floor) + 1);

/** Whether a severity is at or above a floor. */
export const isAtOrAbove = (severity: Severity, floor: Severity): boolean => SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(floor);

/** The sum of a count per severity, at or above one. */
export const countAtOrAbove = (counts: Record<Severity, number>, floor: Severity): number =>
  atOrAboveSeverities(floor).reduce((n, s) => n + counts[s], 0);
