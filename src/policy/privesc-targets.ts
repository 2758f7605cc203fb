// What each escalation path of the catalogue (privesc.ts) needs beyond the caller's own grants.

/** Paths that change a role's policies without a way to act as that role: they make others admin. */
export const OTHERS_ONLY = new Set(['P09', 'P12']);

/**
 * Paths that only exist with a target: an older policy version that grants more, or a function,
 * instance, stack, endpoint or job that already runs as a privileged role. The access graph
 * follows them to real targets; the catalogue alone cannot say they lead anywhere.
 */
export const TARGET_DEPENDENT = new Set(['P02', 'P46', 'P47', 'P48', 'P49', 'P50', 'P51', 'P52', 'P53', 'P54', 'P55', 'P56', 'P57']);

/** Which inventory answers "is there a target?" for a target-dependent path (none: incloud does not read it). */
export const TARGET_INVENTORY: Record<string, 'policy-version' | 'function' | 'instance' | 'stack' | 'build-project'> = {
  P02: 'policy-version',
  P46: 'function',
  P47: 'function',
  P49: 'stack',
  P50: 'build-project',
  P51: 'instance',
  P54: 'instance',
};
