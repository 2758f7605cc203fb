// Organization guardrails as evaluable levels: the SCPs (or RCPs) attached at the root, at each
// OU down to the account, and at the account itself. AWS allows a request only when every level
// has a policy that allows it and no level denies it; a level without any policy listed is
// taken as unconstrained (AWS always keeps one there; only emulators leave it empty). Pure.

import type { GuardrailKind, GuardrailLevel } from '../model/organization.js';
import { PolicyParseError, statementsOf, type CapLevel } from './iam.js';

const TYPE_WORD: Record<GuardrailLevel['targetType'], string> = { ROOT: 'root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'account' };

export const levelLabel = (l: GuardrailLevel): string => `${TYPE_WORD[l.targetType]} ${l.targetName} (${l.targetId})`;

/**
 * The levels as evaluable statements; each statement's source names the policy and where it is
 * attached ("SCP p-… (DenyIam) at OU Prod (ou-…)"). A document that cannot be read makes the
 * whole kind unusable: guessing without it could credit a guardrail that is not there.
 */
export function capLevels(kind: GuardrailKind, levels: GuardrailLevel[]): { levels: CapLevel[] } | { problem: string } {
  const out: CapLevel[] = [];
  for (const level of levels) {
    if (!level.policies.length) continue;
    const where = levelLabel(level);
    const statements = [];
    for (const p of level.policies) {
      try {
        statements.push(...statementsOf(JSON.parse(p.content) as unknown, `${kind} ${p.id} (${p.name}) at ${where}`));
      } catch (err) {
        if (!(err instanceof PolicyParseError) && !(err instanceof SyntaxError)) throw err;
        return { problem: `${kind} ${p.id} (${p.name}) at ${where} could not be read: ${err.message}` };
      }
    }
    out.push({ label: `${kind}s at ${where}`, statements });
  }
  return { levels: out };
}
